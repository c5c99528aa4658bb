import { describe, expect, it } from 'vitest';
import { createDebugSession } from '@common/debug/debugSession';
import type { StateMachineDefinition } from '@common/asl/types';
import { visitsFromEvents } from '@common/history/visits';
import { runExecution } from '@common/engine/interpreter';
import { callStackOf, ENDED_SHOWN } from '../../../../src-renderer/features/debug/callStack';
import { visitInBranch } from '../../../../src-renderer/features/inspector/selectionRequests';

/** Issue #14: the Call stack panel's frames, from a real debug session, and the visit a frame selects. */

const definition: StateMachineDefinition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
              { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
            ],
            Next: 'Done',
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      End: true,
    },
  },
};
const invoker = { invoke: () => ({ kind: 'success' as const, output: {} }) };

describe('call stack frames', () => {
  it('shows execution → Map iteration → Parallel branch → state, marking the focused stop', async () => {
    const session = createDebugSession({ breakpoints: [{ id: 'r', enabled: true, target: { kind: 'state', stateName: 'Right', when: 'before' }, mapIterationIndex: 1 }] });
    const run = session.run({ definition, input: { items: [1, 2, 3] }, invoker });
    await session.nextStop();
    const lines = callStackOf(session.snapshot(), 'Execution run-1').map((f) => `${'  '.repeat(f.depth)}${f.label}${f.focused ? ' *' : ''}`);
    expect(lines).toContain('Execution run-1 *');
    expect(lines).toContain('    Map "Fan" · iteration #1 of 3 *');
    expect(lines).toContain('        Parallel "Both" · branch #1 of 2 *');
    expect(lines).toContain('          Right · stopped before *');
    // Iteration 0 had ended before the stop.
    expect(lines.some((l) => l.includes('Map "Fan" · iteration #0 of 3'))).toBe(true);
    session.continue();
    await run;
  });

  it('folds many ended iterations into one line', async () => {
    const items = Array.from({ length: ENDED_SHOWN + 4 }, (_, i) => i);
    const last = items.length - 1;
    const session = createDebugSession({ breakpoints: [{ id: 'd', enabled: true, target: { kind: 'state', stateName: 'Done', when: 'before' }, mapIterationIndex: last }] });
    const run = session.run({ definition: { ...definition, States: { Fan: { ...(definition.States.Fan as object), MaxConcurrency: 1 } as never } }, input: { items }, invoker });
    await session.nextStop();
    const frames = callStackOf(session.snapshot());
    expect(frames.find((f) => f.kind === 'ended')?.label).toBe(`${last} ended iterations or branches`);
    expect(frames.filter((f) => f.kind === 'iteration').map((f) => f.label)).toEqual([`Map "Fan" · iteration #${last} of ${items.length}`]);
    session.continue();
    await run;
  });

  it('a frame selects the visit of its state in its own iteration and branch', async () => {
    const result = await runExecution({ definition, input: { items: [1, 2, 3] }, invoker });
    const { visits } = visitsFromEvents(result.events);
    const v = visitInBranch(visits, 'Right', ['Fan', 'iteration 2', 'Both', 'branch 1'])!;
    expect(visits[v].state).toBe('Right');
    expect(visits[visits[v].parent!].iteration).toBe(2);
    const d = visitInBranch(visits, 'Done', ['Fan', 'iteration 0'])!;
    expect(visits[d].iteration).toBe(0);
    expect(visitInBranch(visits, 'Done', ['Fan', 'iteration 7'])).toBeUndefined();
    expect(visitInBranch(visits, 'Done', ['Fan', 'execution abc'])).toBeUndefined();
  });
});

describe('call stack of a large Map', () => {
  it('folds 20,000 ended iterations into one line beside the stopped one (built in one pass per branch)', () => {
    const n = 20_000;
    const branches = Array.from({ length: n }, (_, i) => ({ branch: ['Fan', `iteration ${i}`], branchSizes: [n + 1], stateName: 'Done', status: 'ended' as const }));
    const stop = { id: 1, kind: 'before' as const, reason: 'breakpoint' as const, breakpointIds: [], stateName: 'Done', stateType: 'Pass' as const, branch: ['Fan', `iteration ${n}`], branchSizes: [n + 1] };
    branches.push({ branch: stop.branch, branchSizes: [n + 1], stateName: 'Done', status: 'ended' });
    const snapshot = { state: 'paused', context: { stops: [stop], focus: 1, step: undefined, status: undefined }, branches, hits: {} } as unknown as Parameters<typeof callStackOf>[0];
    const frames = callStackOf(snapshot);
    expect(frames.find((f) => f.kind === 'ended')?.label).toBe(`${n} ended iterations or branches`);
    expect(frames.filter((f) => f.kind === 'state').map((f) => f.label)).toEqual(['Done · stopped before']);
  });
});

describe('call stack of a finished run', () => {
  it('shows no branch still running once the run has finished (stopped by the user at a stop)', async () => {
    const session = createDebugSession({ breakpoints: [{ id: 'r', enabled: true, target: { kind: 'state', stateName: 'Right', when: 'before' }, mapIterationIndex: 1 }] });
    const run = session.run({ definition, input: { items: [1, 2, 3] }, invoker });
    await session.nextStop();
    expect(callStackOf(session.snapshot()).some((f) => f.status === 'running' || f.status === 'stopped')).toBe(true);
    session.stop();
    await run;
    expect(session.snapshot().state).toBe('finished');
    const frames = callStackOf(session.snapshot());
    expect(frames.filter((f) => f.status === 'running' || f.status === 'stopped')).toEqual([]);
    expect(frames.filter((f) => f.kind === 'state').every((f) => f.label.endsWith('· ended'))).toBe(true);
  });
});
