import { describe, expect, it } from 'vitest';
import type { Breakpoint } from '@common/debug/breakpoints';
import {
  findStateBreakpoint,
  statesWithBreakpointBefore,
  toggleBreakpointBefore,
  toggleStateBreakpoint,
} from '../../../../src-renderer/features/debug/breakpointList';

const before = (stateName: string, enabled = true): Breakpoint => ({ id: `before:${stateName}`, enabled, target: { kind: 'state', stateName, when: 'before' } });
const after = (stateName: string): Breakpoint => ({ id: `after:${stateName}`, enabled: true, target: { kind: 'state', stateName, when: 'after' } });
const onError: Breakpoint = { id: 'error:1', enabled: true, target: { kind: 'error', handling: 'uncaught', stateName: 'ChargeCard' } };

describe('statesWithBreakpointBefore', () => {
  it('lists the states with an enabled "before" breakpoint only', () => {
    const set = statesWithBreakpointBefore([before('A'), before('B', false), after('C'), onError]);
    expect([...set]).toEqual(['A']);
  });

  it('is empty for no breakpoints', () => {
    expect(statesWithBreakpointBefore([]).size).toBe(0);
  });
});

describe('toggleBreakpointBefore (the graph toggle)', () => {
  it('adds an enabled "before" breakpoint like the panel box does', () => {
    const next = toggleBreakpointBefore([after('A')], 'A');
    expect(next).toEqual(toggleStateBreakpoint([after('A')], 'A', 'before'));
    expect(findStateBreakpoint(next, 'A', 'before')?.enabled).toBe(true);
    expect(statesWithBreakpointBefore(next).has('A')).toBe(true);
  });

  it('removes an enabled one and leaves the other breakpoints', () => {
    expect(toggleBreakpointBefore([before('A'), after('A'), onError], 'A')).toEqual([after('A'), onError]);
  });

  it('enables a disabled one in place instead of removing it', () => {
    const disabled = { ...before('A', false), condition: { language: 'JSONPath' as const, expression: '$.x' } };
    const next = toggleBreakpointBefore([disabled, after('B')], 'A');
    expect(next).toEqual([{ ...disabled, enabled: true }, after('B')]);
  });

  it('does not change the list it is given', () => {
    const list = [before('A')];
    toggleBreakpointBefore(list, 'A');
    expect(list).toEqual([before('A')]);
  });
});
