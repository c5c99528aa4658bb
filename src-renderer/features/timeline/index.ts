/** The timeline: a Gantt chart of visits, grouped by flow, that follows and moves the cursor. */
export { TimelineView, type TimelineViewProps } from './TimelineView';
export { toTimelineLanes, positionAtX, visitDetails, groupTextAt, scopeTextAt, scopeOutcomeAt, type ScopeTiming, type TimelineLanes, type TimelineRow, type TimelineScale, type TimelineExpansion, type VisitDetails } from './lanes';
