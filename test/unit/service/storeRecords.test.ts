import { describe, expect, it } from 'vitest';
import { parentLinkOf } from '../../../src-main/node/service/storeRecords';
import type { ExecutionRecord } from '../../../src-main/node/store';

/** A stored execution with just the fields the parent link reads. */
function record(fields: Partial<ExecutionRecord>): ExecutionRecord {
  return { id: 1, name: 'run', parentId: null, parentEventId: null, eventCount: 10, ...fields } as ExecutionRecord;
}

describe('parentLinkOf', () => {
  it('reads the stored kind rather than inferring it from names (a fork that kept its name is still a fork)', () => {
    const parent = record({ id: 3, name: 'Nightly', stateMachineName: 'M' });
    expect(parentLinkOf(record({ id: 4, name: 'Nightly', stateMachineName: 'M', parentId: 3, parentEventId: 5, parentKind: 'fork' }), parent)).toMatchObject({ kind: 'fork' });
    expect(parentLinkOf(record({ id: 4, name: 'x', stateMachineName: 'Other', parentId: 3, parentEventId: 5, parentKind: 'mapRun' }), parent)).toMatchObject({ kind: 'mapRun' });
  });

  it("gives a Map Run child's item index and batch, and a redrive's kept summary", () => {
    const parent = record({ id: 3, name: 'Import', stateMachineName: 'M' });
    const child = record({ id: 4, name: 'c', stateMachineName: 'M/Fan', parentId: 3, parentEventId: 5, parentKind: 'mapRun', itemIndex: 2, batch: { first: 4, count: 2 }, redrivePreserved: null });
    expect(parentLinkOf(child, parent)).toEqual({ executionId: '3', name: 'Import', eventId: 5, kind: 'mapRun', itemIndex: 2, batch: { first: 4, count: 2 } });
    const preserved = { state: 'Fan', kind: 'mapRun', total: 5, kept: [0, 1], redriven: [2, 3, 4] };
    const redrive = record({ id: 5, name: 'Import', stateMachineName: 'M', parentId: 3, parentEventId: 20, parentKind: 'redrive', itemIndex: null, batch: null, redrivePreserved: JSON.stringify(preserved) });
    expect(parentLinkOf(redrive, parent)).toEqual({ executionId: '3', name: 'Import', eventId: 20, kind: 'redrive', preserved });
    expect(parentLinkOf({ ...redrive, redrivePreserved: '{not json' }, parent)).not.toHaveProperty('preserved');
  });

  it('gives no link for an execution without a parent', () => {
    expect(parentLinkOf(record({}), undefined)).toBeUndefined();
    expect(parentLinkOf(record({}), record({ id: 7 }))).toBeUndefined();
  });

  it('links a fork (a new name) to its parent and the event it started from', () => {
    const parent = record({ id: 3, name: 'HappyPath-1' });
    expect(parentLinkOf(record({ id: 4, name: 'HappyPath-1-fork-a', parentId: 3, parentEventId: 9 }), parent)).toEqual({
      executionId: '3',
      name: 'HappyPath-1',
      eventId: 9,
      kind: 'fork',
    });
  });

  it("calls a child with its parent's name a redrive, from the parent's last event when none is stored", () => {
    const parent = record({ id: 5, name: 'Nightly', eventCount: 42 });
    expect(parentLinkOf(record({ id: 6, name: 'Nightly', parentId: 5 }), parent)).toMatchObject({ kind: 'redrive', eventId: 42 });
  });

  it('calls an execution of the "<parent machine>/<label>" state machine a Map Run child, linked to its MapRunStarted event', () => {
    const parent = record({ id: 5, name: 'Import', stateMachineName: 'ShipmentImport' });
    expect(parentLinkOf(record({ id: 6, name: 'a1b2', stateMachineName: 'ShipmentImport/ImportShipments', parentId: 5, parentEventId: 4 }), parent)).toEqual({ executionId: '5', name: 'Import', eventId: 4, kind: 'mapRun' });
  });

  it('calls an execution of another state machine a startExecution child', () => {
    const parent = record({ id: 5, name: 'Run', stateMachineName: 'Parent' });
    expect(parentLinkOf(record({ id: 6, name: 'Run', stateMachineName: 'Child', parentId: 5 }), parent)).toMatchObject({ kind: 'startExecution' });
  });

  it('ignores a parent record that is not the stored parent', () => {
    expect(parentLinkOf(record({ parentId: 2 }), record({ id: 3 }))).toBeUndefined();
  });
});
