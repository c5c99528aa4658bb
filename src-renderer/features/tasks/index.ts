/** The tasks feature: Tasks waiting for a task token, answered from the UI. */
export { TasksPanel, type TasksPanelProps } from './TasksPanel';
export { WaitingTasks } from './waitingTasks';
