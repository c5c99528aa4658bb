/** Public surface of the service: the `StepscopeApi` implementation over the engine and the execution store. */
export { createService, type ServiceOptions, type StepscopeService } from './createService';
export type { SfnApiControl } from './serviceOptions';
export { loadExamples } from './examples';
export { executionsFromFiles } from './importFiles';
export { detailFromRecord, parentLinkOf, storeIdOf, summaryFromRecord, toExecutionId } from './storeRecords';
export { interruptedByCrash, recordLocalRun, runLocalExecution, startLocalRecording, type LocalRunHooks, type LocalRunOutcome, type LocalRunSpec } from './localRun';
