/** Public surface of the usertests folder: users' test files, their runs, coverage, suggestions and replay. */
export { parseTestFile, isUserTestFile, isUserTestFileName, matcherForm, type UserTestFile, type UserTestCase, type Expectations, type StateExpectation, type Matcher, type TestFileProblem } from './testFile';
export { matchExpected, type MatchFailure } from './matchers';
export { resolveTestFile, caseInput, caseMocks, TestFileError, type ResolvedTestFile, type TestFileReader } from './resolveTestFile';
export { runUserCase, type CaseOutcome, type CaseMismatch, type RunUserCaseOptions } from './runUserCase';
export { coverageModel, coverageHooks, coverageTotals, coverageFile, formatCoverage, uncovered, type CoverageItem, type CoverageKind, type CoverageHits, type CoverageFile, type CoverageTotals, type MachineCoverage } from './coverage';
export { suggestCases, formatSuggestion, type Suggestion, type SuggestionSource } from './suggest';
export { replayExecution, recordedFromDocument, type RecordedExecution, type ReplayDivergence, type ReplayResult } from './replay';
