import { describe, expect, it } from 'vitest';
import { attemptLabel, formatRowNotes } from '../../../../src-renderer/features/executions/executionListFormat';

describe('formatRowNotes', () => {
  it('adds the number of child executions, and says imported, fork or redrive', () => {
    expect(formatRowNotes({ origin: 'run', childCount: 40 })).toBe(' · 40 child executions');
    expect(formatRowNotes({ origin: 'run', childCount: 1 })).toBe(' · 1 child execution');
    expect(formatRowNotes({ origin: 'run', childCount: 0 })).toBe('');
    expect(formatRowNotes({ origin: 'import' })).toBe(' · imported');
    expect(formatRowNotes({ origin: 'run', parent: { kind: 'redrive' }, childCount: 3 })).toBe(' · redrive · 3 child executions');
    expect(formatRowNotes({ origin: 'run', parent: { kind: 'mapRun' } })).toBe('');
  });

  it('leaves "redrive" to the attempts of a redriven execution listed as one row', () => {
    expect(formatRowNotes({ origin: 'run', parent: { kind: 'redrive' }, redriveCount: 2 })).toBe('');
    expect(attemptLabel(0)).toBe('Attempt 1 · first run');
    expect(attemptLabel(2)).toBe('Attempt 3 · redrive 2');
  });
});
