/** The keys of a key press the debugger looks at (a DOM KeyboardEvent has them). */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** What the debugger's keys do; a missing action leaves its key alone. */
export interface DebugKeyActions {
  /** F5 when the run can be continued. */
  continue?: () => void;
  /** F5 when nothing is being debugged: start debugging. */
  start?: () => void;
  /** Shift+F5. */
  stop?: () => void;
  /** Ctrl+Shift+F5 (Cmd+Shift+F5 on a Mac). */
  restart?: () => void;
  stepOver?: () => void;
  stepInto?: () => void;
  stepOut?: () => void;
  toggleBreakpoint?: () => void;
}

/** The action a key press asks for (undefined: not a debugger key, or nothing to do). */
export function debugKeyAction(e: KeyPress, a: DebugKeyActions): (() => void) | undefined {
  switch (e.key) {
    case 'F5':
      if (e.shiftKey && (e.ctrlKey || e.metaKey)) return a.restart;
      if (e.shiftKey) return a.stop;
      return a.continue ?? a.start;
    case 'F10':
      return a.stepOver;
    case 'F11':
      return e.shiftKey ? a.stepOut : a.stepInto;
    case 'F9':
      return a.toggleBreakpoint;
    default:
      return undefined;
  }
}

