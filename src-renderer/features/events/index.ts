/** The virtualised event table. */
export { EventsView, type EventsViewProps } from './EventsView';
export { toEventColumns, filterEvents, errorPositions, formatElapsedMs, type EventColumns, type EventFilter } from './eventTable';
