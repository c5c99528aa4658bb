/** Public surface of the conformance folder: case loading, run comparison and validation comparison. */
export {
  loadCase,
  CaseFormatError,
  CASE_STATE_MACHINE,
  CASE_TEST_CASE,
  type ConformanceCase,
  type ExecutionCase,
  type ValidationCase,
  type ExpectedExecution,
  type ExpectedEvent,
  type ExpectedStatus,
  type AwsValidationDiagnostic,
  type S3ObjectSeed,
} from './conformanceCase';
export { compareRun, compareEvent, type CompareResult, type RunMismatch, type RunToCompare } from './compareRun';
export { matchValue, matchesTemplate, parseTemplate, isWholePlaceholder, type ValueMismatch, type MatchOptions, type TemplatePart } from './matchValue';
export { normaliseParallelBranches, isBlockEvent } from './normaliseParallel';
export { createCaseInvoker } from './caseInvoker';
export { compareValidation } from './compareValidation';
export { runCase, type CaseRun, type RunCaseOptions } from './runCase';
