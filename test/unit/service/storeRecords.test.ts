import { describe, expect, it } from 'vitest';
import { parentLinkOf } from '../../../src-main/node/service/storeRecords';
import type { ExecutionRecord } from '../../../src-main/node/store';

/** A stored execution with just the fields the parent link reads. */
function record(fields: Partial<ExecutionRecord>): ExecutionRecord {
  return { id: 1, name: 'run', parentId: null, parentEventId: null, eventCount: 10, ...fields } as ExecutionRecord;
}

describe('parentLinkOf', () => {
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
