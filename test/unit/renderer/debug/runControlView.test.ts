import { describe, expect, it } from 'vitest';
import type { StopLocation } from '@common/debug/runControlMachine';
import { branchLabel, describeStop, pausedStatesOf, shortName, stopKindLabel } from '../../../../src-renderer/features/debug/runControlView';

const stop = (more: Partial<StopLocation>): StopLocation => ({ id: 1, kind: 'before', reason: 'breakpoint', breakpointIds: [], stateName: 'Import', stateType: 'Task', branch: [], ...more });
const child = { name: '3f7d14bc-dc13-4750-bc8d-09b34a703993', executionArn: 'arn:x', stateMachineName: 'M/Fan', startedBy: 'mapRun' as const, parentStateName: 'Fan' };

describe('run control labels for child executions (issue #7)', () => {
  it('labels a branch inside a child execution by a short form of its name', () => {
    expect(branchLabel([])).toBe('Top level');
    expect(branchLabel(['Fan', 'iteration 2'])).toBe('Fan › iteration 2');
    expect(branchLabel(['Fan', `execution ${child.name}`, 'Inner', 'branch 0'])).toBe('Fan › child 3f7d14bc… › Inner › branch 0');
    expect(branchLabel(['Start', 'execution report-1'])).toBe('Start › child report-1');
  });

  it('describes a stop in a child with its iteration and child', () => {
    expect(describeStop(stop({}))).toBe('before Import');
    expect(describeStop(stop({ mapIterationIndex: 1, execution: child }))).toBe('before Import (iteration #1) in child 3f7d14bc…');
    expect(describeStop(stop({ mapIterationIndex: 1, branch: ['Fan', 'iteration 1'], branchSizes: [3] }))).toBe('before Import (iteration #1 of 3)');
    expect(stopKindLabel(stop({ kind: 'error', error: { error: 'Boom', handling: 'uncaught' } }))).toBe('on Boom');
    expect(shortName('short')).toBe('short');
  });
});

describe('pausedStatesOf', () => {
  const snapshot = (state: 'paused' | 'running', stops: StopLocation[], focus?: number) =>
    ({ state, context: { stops, focus, step: undefined, status: undefined }, branches: [], hits: {} }) as unknown as Parameters<typeof pausedStatesOf>[0];

  it('maps each stopped state to how it is stopped, the focused stop winning a tie', () => {
    const stops = [stop({ id: 1, stateName: 'A', kind: 'before' }), stop({ id: 2, stateName: 'B', kind: 'after' }), stop({ id: 3, stateName: 'A', kind: 'error' })];
    expect([...pausedStatesOf(snapshot('paused', stops, 3))!]).toEqual([['A', 'error'], ['B', 'after']]);
    expect([...pausedStatesOf(snapshot('paused', stops, 1))!]).toEqual([['A', 'before'], ['B', 'after']]);
  });

  it('is undefined while the run is not paused', () => {
    expect(pausedStatesOf(undefined)).toBeUndefined();
    expect(pausedStatesOf(snapshot('running', []))).toBeUndefined();
  });
});
