/** The timeline: a Gantt chart of visits that follows and moves the cursor. */
export { TimelineView, type TimelineViewProps } from './TimelineView';
export { toTimelineLanes, positionAtX, type TimelineLanes, type TimelineScale } from './lanes';
