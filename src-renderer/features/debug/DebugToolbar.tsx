import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { DebugState, ExecutionId } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';
import type { DebugStore } from './debugStore';
import { runControlView } from './runControlView';
import { useDebugKeyboard } from './useDebugKeyboard';
import './debug.css';

/** Props of `DebugToolbar`. */
export interface DebugToolbarProps {
  debugStore: DebugStore;
  /** The debugged execution (undefined: nothing is being debugged). */
  executionId: ExecutionId | undefined;
  /** Shown first: Run and Debug. */
  leading?: ReactNode;
  /** F5 when nothing is debugged (undefined: cannot start now). */
  onStart?: () => void;
  /** Ctrl/Cmd+Shift+F5 and the Restart button: stop the debugged run and debug again with the same input. */
  onRestart?: () => void;
  /** F9 when no state is selected in the graph: toggles the breakpoint of the state the run is stopped at. */
  onToggleBreakpoint?: (stateName: string) => void;
}

type Command = 'debug.continue' | 'debug.pause' | 'debug.stepOver' | 'debug.stepInto' | 'debug.stepOut' | 'debug.stop';

/** The CSS class of the debugger status (a finished run in its outcome's colour, not always green). */
export function debugStatusClass(state: string | undefined, status: string | undefined): string {
  if (state === 'finished') return `debug-status debug-finished debug-finished-${status ?? 'done'}`;
  return `debug-status debug-${state ?? 'none'}`;
}

/**
 * The docked debug toolbar above the graph (toolbar "Run control"): Run and Debug, Continue,
 * Pause, Step over, Step into, Step out, Restart and Stop (glyphs, named for assistive tech), with the keys of VS Code
 * (F5, Shift+F5, Ctrl/Cmd+Shift+F5, F10, F11, Shift+F11, F9), and the debugger's status. The
 * run-control machine runs in the service; this only sends it commands and shows its snapshots.
 */
export function DebugToolbar({ debugStore, executionId, leading, onStart, onRestart, onToggleBreakpoint }: DebugToolbarProps) {
  const snapshot = useSyncExternalStore(debugStore.subscribe, () => debugStore.get(executionId));
  useEffect(() => {
    if (executionId !== undefined) void debugStore.refresh(executionId);
  }, [debugStore, executionId]);
  const view = useMemo(() => runControlView(snapshot), [snapshot]);
  const [problem, setProblem] = useState<string | undefined>();

  // A command disables the buttons while the run moves, which drops the keyboard focus to the
  // page. When the run stops or ends, focus goes back to the button that was pressed if it is
  // usable again, else to the first usable run-control button.
  const barRef = useRef<HTMLDivElement>(null);
  const restoreFocus = useRef<HTMLElement | null>(null);
  const settled = snapshot !== undefined && snapshot.state !== 'running' && snapshot.state !== 'stepping' && snapshot.state !== 'pausing';
  useEffect(() => {
    const wanted = restoreFocus.current;
    if (wanted === null || !settled) return;
    restoreFocus.current = null;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    const usable = (el: Element | null | undefined): el is HTMLElement => el instanceof HTMLElement && el.isConnected && !(el instanceof HTMLButtonElement && el.disabled);
    const fallback = barRef.current?.querySelector('.run-control-debug button:not(:disabled)');
    if (usable(wanted)) wanted.focus();
    else if (usable(fallback)) fallback.focus();
  }, [snapshot, settled]);

  const send = async (call: () => Promise<DebugState>) => {
    setProblem(undefined);
    const active = document.activeElement;
    if (active instanceof HTMLElement && barRef.current?.contains(active)) restoreFocus.current = active;
    try {
      debugStore.set(await call());
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const command = (name: Command) => () => {
    if (executionId !== undefined) void send(() => getClient()[name]({ executionId }));
  };
  const live = snapshot !== undefined && snapshot.state !== 'finished' && snapshot.state !== 'stopped';

  useDebugKeyboard({
    continue: view.canContinue ? command('debug.continue') : undefined,
    start: !live ? onStart : undefined,
    stop: view.canStop ? command('debug.stop') : undefined,
    restart: executionId !== undefined ? onRestart : undefined,
    stepOver: view.canStep ? command('debug.stepOver') : undefined,
    stepInto: view.canStep ? command('debug.stepInto') : undefined,
    stepOut: view.canStep ? command('debug.stepOut') : undefined,
    toggleBreakpoint: view.focused && onToggleBreakpoint ? () => onToggleBreakpoint(view.focused!.stateName) : undefined,
  });

  return (
    <div className="debug-toolbar" ref={barRef}>
      {leading}
      <div role="toolbar" aria-label="Run control" className="run-control run-control-debug">
        <button type="button" onClick={command('debug.continue')} disabled={!view.canContinue} title="Continue (F5)">
          <span aria-hidden="true" className="glyph">▶</span><span className="label">Continue</span>
        </button>
        <button type="button" onClick={command('debug.pause')} disabled={!view.canPause} title="Pause">
          <span aria-hidden="true" className="glyph">❚❚</span><span className="label">Pause</span>
        </button>
        <button type="button" onClick={command('debug.stepOver')} disabled={!view.canStep} title="Step over (F10)">
          <span aria-hidden="true" className="glyph">↷</span><span className="label">Step over</span>
        </button>
        <button type="button" onClick={command('debug.stepInto')} disabled={!view.canStep} title="Step into (F11)">
          <span aria-hidden="true" className="glyph">↓</span><span className="label">Step into</span>
        </button>
        <button type="button" onClick={command('debug.stepOut')} disabled={!view.canStep} title="Step out (Shift+F11)">
          <span aria-hidden="true" className="glyph">↑</span><span className="label">Step out</span>
        </button>
        <button type="button" onClick={onRestart} disabled={executionId === undefined || onRestart === undefined} title="Restart (Ctrl+Shift+F5)">
          <span aria-hidden="true" className="glyph">↻</span><span className="label">Restart</span>
        </button>
        <button type="button" onClick={command('debug.stop')} disabled={!view.canStop} className="danger" title="Stop (Shift+F5)">
          <span aria-hidden="true" className="glyph">■</span><span className="label">Stop</span>
        </button>
      </div>
      <span role="status" aria-label="Debugger status" title={view.status} className={debugStatusClass(snapshot?.state, snapshot?.context.status)}>
        {view.status}
      </span>
      {problem !== undefined && (
        <span role="alert" className="bad toolbar-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
