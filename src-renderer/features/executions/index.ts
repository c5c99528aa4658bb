/** The executions feature: the status and outcome of one execution, the execution store, and the list of stored executions. */
export { ExecutionPanel, type ExecutionPanelProps } from './ExecutionPanel';
export { GeneratedResponsesNote } from './GeneratedResponsesNote';
export { ExecutionList, type ExecutionListProps } from './ExecutionList';
export { ExecutionStore, type ExecutionSnapshot } from './executionStore';
export { toEventRows, formatElapsed, type EventRow } from './eventRows';
export { formatDuration, formatStart } from './executionListFormat';
