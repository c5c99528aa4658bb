/**
 * Status colours shared by every view (graph nodes, event rows, timeline bars). `STATUS_STYLES`
 * holds the light theme's values; the colours in use come from CSS variables that app.css sets
 * for each theme (`statusColor`). Each status has a fill, a stroke and a text colour with enough contrast on the fill, and
 * a plain-words label for legends and accessible names.
 */

/** The statuses a state or visit can be shown with (`StateStatus` of common/history/visits). */
export type StatusKey = 'notRun' | 'running' | 'waiting' | 'retried' | 'succeeded' | 'caught' | 'failed' | 'aborted';

/** How one status is drawn. */
export interface StatusStyle {
  fill: string;
  stroke: string;
  text: string;
  label: string;
}

/** The style of each status. */
export const STATUS_STYLES: Readonly<Record<StatusKey, StatusStyle>> = {
  notRun: { fill: '#f4f5f7', stroke: '#b9bfca', text: '#5d6778', label: 'not run' },
  running: { fill: '#dde6fb', stroke: '#2f5bd3', text: '#1d2f6b', label: 'running' },
  waiting: { fill: '#ece3fa', stroke: '#7445c2', text: '#3f2275', label: 'waiting' },
  retried: { fill: '#fff0d1', stroke: '#b86e00', text: '#5e3a00', label: 'retrying' },
  succeeded: { fill: '#dcf1e2', stroke: '#1f7a3a', text: '#124a23', label: 'succeeded' },
  caught: { fill: '#ffe3c7', stroke: '#c05200', text: '#5f2a00', label: 'caught' },
  failed: { fill: '#f8dedc', stroke: '#b3261e', text: '#6b1510', label: 'failed' },
  aborted: { fill: '#ebe7e7', stroke: '#7a6e6e', text: '#3d3636', label: 'aborted' },
};

/** The order statuses are listed in legends. */
export const STATUS_ORDER: readonly StatusKey[] = ['notRun', 'running', 'waiting', 'retried', 'succeeded', 'caught', 'failed', 'aborted'];

/**
 * A status colour of the current theme, as a CSS value (`var(--status-failed-fill, #f8dedc)`), for
 * inline styles and SVG `style` properties (SVG presentation attributes do not take `var()`).
 */
export function statusColor(status: StatusKey, part: 'fill' | 'stroke' | 'text'): string {
  return `var(--status-${status}-${part}, ${STATUS_STYLES[status][part]})`;
}
