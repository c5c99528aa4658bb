import { useEffect, useRef } from 'react';
import { debugKeyAction, type DebugKeyActions } from './debugKeys';

export type { DebugKeyActions } from './debugKeys';

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
