/** The debugger: run control mirrored from the service, breakpoints, stops, and re-runs (fork, redrive, mocks). */
import './registerCallStack';
export { DebugPanel, type DebugPanelProps } from './DebugPanel';
export { DebugToolbar, debugStatusClass, type DebugToolbarProps } from './DebugToolbar';
export { BreakpointsPanel, type BreakpointsPanelProps } from './BreakpointsPanel';
export { RerunPanel, type RerunPanelProps } from './RerunPanel';
export { DebugStore } from './debugStore';
export { useBreakpoints, type BreakpointsState } from './useBreakpoints';
export { useDebugKeyboard } from './useDebugKeyboard';
export { debugKeyAction, type DebugKeyActions, type KeyPress } from './debugKeys';
export { runControlView, describeStop, branchLabel, pausedStatesOf, type RunControlView } from './runControlView';
export { statesOf, toggleStateBreakpoint, toggleBreakpointBefore, statesWithBreakpointBefore, findStateBreakpoint, describeBreakpoint, type StateEntry } from './breakpointList';
export { ParentLink, type ParentLinkProps } from './ParentLink';
export { suggestedResponse, nextInvocationIndex, type SuggestedResponse } from './nextTaskResponse';
export { CallStackPanel } from './CallStackPanel';
export { callStackOf, frameLabel, type CallFrame } from './callStack';
