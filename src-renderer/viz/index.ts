/** Shared D3 helpers and visual constants. */
export { STATUS_ORDER, STATUS_STYLES, statusColor, type StatusKey, type StatusStyle } from './statusColors';
export { attachZoom, type ZoomHandle } from './zoom';
