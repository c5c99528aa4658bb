import { useEffect, useRef } from 'react';

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
export function debugKeyAction(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey'>, a: DebugKeyActions): (() => void) | undefined {
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

/**
 * The debugger's keyboard map, as in VS Code: F5 Start or Continue, Shift+F5 Stop,
 * Ctrl/Cmd+Shift+F5 Restart, F10 Step over, F11 Step into, Shift+F11 Step out, F9 toggle the
 * breakpoint of the selected state. Keys typed in a text field are left to it, except the
 * function keys, which no text field uses. A key another handler has already taken (F9 on a
 * state selected in the graph) is left alone.
 */
export function useDebugKeyboard(actions: DebugKeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = debugKeyAction(e, ref.current);
      if (action === undefined) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
