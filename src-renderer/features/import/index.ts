/** The import feature: "Import history…", drag and drop, and the import's progress. */
export { ImportControl, type ImportControlProps } from './ImportControl';
export { ImportStatus, type ImportState, type ImportStatusProps } from './ImportStatus';
export { importHistoryFiles, isImportableFile, type ImportProgress } from './importHistory';
export { PullFromAws, type PullFromAwsProps } from './PullFromAws';
