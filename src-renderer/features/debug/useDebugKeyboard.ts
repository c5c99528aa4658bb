import { useEffect, useRef } from 'react';

/** What the debugger's keys do; a missing action leaves its key alone. */
export interface DebugKeyActions {
  continue?: () => void;
  stepOver?: () => void;
  stepInto?: () => void;
  stepOut?: () => void;
  toggleBreakpoint?: () => void;
}

/**
 * The debugger's keyboard map, as in most debuggers: F5 Continue, F10 Step over, F11 Step into,
 * Shift+F11 Step out, F9 toggle the breakpoint of the selected state. Keys typed in a text field
 * are left to it, except the function keys, which no text field uses. A key another handler has
 * already taken (F9 on a state selected in the graph) is left alone.
 */
export function useDebugKeyboard(actions: DebugKeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const a = ref.current;
      let action: (() => void) | undefined;
      if (e.key === 'F5' && !e.shiftKey) action = a.continue;
      else if (e.key === 'F10') action = a.stepOver;
      else if (e.key === 'F11') action = e.shiftKey ? a.stepOut : a.stepInto;
      else if (e.key === 'F9') action = a.toggleBreakpoint;
      if (action === undefined) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
