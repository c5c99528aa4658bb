/** The executions feature: live event list and status of one execution, and the list of stored executions. */
export { ExecutionPanel, type ExecutionPanelProps } from './ExecutionPanel';
export { ExecutionList, type ExecutionListProps } from './ExecutionList';
export { ExecutionStore, type ExecutionSnapshot } from './executionStore';
export { toEventRows, formatElapsed, type EventRow } from './eventRows';
export { formatDuration, formatStart } from './executionListFormat';
