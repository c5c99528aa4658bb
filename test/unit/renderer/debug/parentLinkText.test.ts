import { describe, expect, it } from 'vitest';
import type { ExecutionId, ExecutionParent } from '../../../../src-main/common/contract/api';
import { itemText, parentLinkText } from '../../../../src-renderer/features/debug/parentLinkText';
import { redriveSummary } from '../../../../src-renderer/features/debug/redriveSummary';

const base = { executionId: '3' as ExecutionId, name: 'Import', eventId: 7 };

describe('parentLinkText', () => {
  it('says which item (or batch of items) of the Map Run a child ran', () => {
    expect(parentLinkText({ ...base, kind: 'mapRun', itemIndex: 4 })).toBe('Child of Import, item 4 (Map Run started at event 7)');
    expect(parentLinkText({ ...base, kind: 'mapRun', itemIndex: 1, batch: { first: 2, count: 2 } })).toBe('Child of Import, batch 1 (items 2-3) (Map Run started at event 7)');
    expect(parentLinkText({ ...base, kind: 'mapRun' })).toBe('Child of Import (Map Run started at event 7)');
  });

  it('says what a redrive kept: "kept 2 of 5"', () => {
    const link: ExecutionParent = { ...base, kind: 'redrive', preserved: { state: 'Fan', kind: 'mapRun', total: 5, kept: [0, 1], redriven: [2, 3, 4] } };
    expect(parentLinkText(link)).toBe('Redriven from Import at event 7 · kept 2 of 5 child executions of "Fan"');
    expect(parentLinkText({ ...base, kind: 'redrive', preserved: { state: 'Par', kind: 'parallel', total: undefined, kept: [1], redriven: undefined } })).toBe(
      'Redriven from Import at event 7 · kept 1 branch of "Par"',
    );
    expect(parentLinkText({ ...base, kind: 'fork' })).toBe('Forked from Import at event 7');
  });

  it('reads a batch of one item and an item index alone', () => {
    expect(itemText({ itemIndex: 0, batch: { first: 6, count: 1 } })).toBe('batch 0 (item 6)');
    expect(itemText({})).toBeUndefined();
  });
});

describe('redriveSummary', () => {
  it('counts a Distributed Map redrive in child executions', () => {
    expect(redriveSummary({ state: 'Fan', kind: 'mapRun', total: 5, kept: [0, 1], redriven: [2, 3, 4] })).toBe(
      'Redrive runs 3 of 5 child executions of "Fan" again (index 2, 3, 4) and keeps 2 that succeeded (index 0, 1).',
    );
  });
});

describe('redriveSummary of a failed Distributed Map', () => {
  it('says only the unsuccessful child executions of its Map Run run again', () => {
    expect(redriveSummary(undefined, 'Fan')).toBe('Redrive redrives the Map Run of "Fan": only its child executions that did not succeed run again; those that succeeded keep their results.');
  });
});
