/** Two executions side by side, with their first divergent event highlighted. */
export { CompareView, type CompareViewProps } from './CompareView';
export { compareRows, LIST_WHOLE_UP_TO, type CompareRow } from './compareRows';
