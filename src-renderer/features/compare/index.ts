/** Two executions side by side, aligned flow by flow, with their first divergent event highlighted. */
export { CompareView, type CompareViewProps } from './CompareView';
export { compareRows, comparisonSummary, LIST_WHOLE_UP_TO, type CompareRow } from './compareRows';
