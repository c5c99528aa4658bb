import { useCallback, useEffect, useRef, useState } from 'react';
import type { Breakpoint } from '@common/debug/breakpoints';
import { errorMessage, getClient } from '../../api';

/** A state machine's breakpoints, as the service keeps them, and a way to replace them. */
export interface BreakpointsState {
  list: Breakpoint[];
  /** Replaces the list (saved at once; debugged runs of the state machine use it at once). */
  save(next: Breakpoint[]): void;
  /** The last save or load failed: why. */
  problem: string | undefined;
  /**
   * Settles once every save made so far has reached the service (whether it succeeded or not), so a
   * Debug run started right after a breakpoint was set uses it: requests may arrive out of order.
   */
  saved(): Promise<void>;
}

/** Loads and saves the breakpoints of `stateMachineName` (see BreakpointsState). */
export function useBreakpoints(stateMachineName: string): BreakpointsState {
  const [list, setList] = useState<Breakpoint[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const lastSave = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    let cancelled = false;
    getClient()
      ['breakpoints.list']({ stateMachineName })
      .then((l) => !cancelled && setList(l), (e: unknown) => !cancelled && setProblem(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [stateMachineName]);
  const save = useCallback(
    (next: Breakpoint[]) => {
      setList(next);
      setProblem(undefined);
      const previous = lastSave.current;
      lastSave.current = previous.then(() =>
        getClient()
          ['breakpoints.set']({ stateMachineName, breakpoints: next })
          .then(setList, (e: unknown) => setProblem(errorMessage(e))),
      );
    },
    [stateMachineName],
  );
  const saved = useCallback(() => lastSave.current, []);
  return { list, save, problem, saved };
}
