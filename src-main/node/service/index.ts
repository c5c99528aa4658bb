/** Public surface of the service: the `StepscopeApi` implementation over the engine and a repository. */
export { createService, type ServiceOptions, type StepscopeService } from './createService';
export { createMemoryRepository, toSummary, type ExecutionRepository, type ExecutionPatch } from './executionRepository';
export { loadExamples } from './examples';
