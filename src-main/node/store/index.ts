/** The execution store's public surface. */
export { defaultDatabasePath, StoreBusyError, StoreOpenError, StoreReadOnlyError, STEPSCOPE_APPLICATION_ID } from './database';
export type { FinishUpdate } from './eventWriter';
export { SCHEMA_VERSION } from './migrations';
export * from './records';
export { ExecutionRecording, finishUpdateFromResult, type RecordingTuning } from './recording';
export { ExecutionStore, openStore, type ExecutionFilter, type ImportLink, type ImportProgress, type OpenStoreOptions, type StartRecordingOptions } from './store';
export type { MapRunAttempt, MapRunChildCounts, MapRunChildPageQuery } from './mapRunChildren';
export { ExternalWriteWatcher, type ExternalWrites, type ExternalWriteWatcherOptions } from './externalWrites';
