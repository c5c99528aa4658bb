/** The executions feature: live event list and status of one execution. */
export { ExecutionPanel, type ExecutionPanelProps } from './ExecutionPanel';
export { ExecutionStore, type ExecutionSnapshot } from './executionStore';
export { toEventRows, formatElapsed, type EventRow } from './eventRows';
