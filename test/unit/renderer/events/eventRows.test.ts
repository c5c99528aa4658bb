import { describe, expect, it } from 'vitest';
import { detailLineCount, moveRowIndex, rowAtOffset, rowOffsets, visibleRowRange } from '../../../../src-renderer/features/events/eventTable';

const rows = (...positions: number[]) => Int32Array.from(positions);

describe('event table rows with expanded details', () => {
  it('offsets rows by their height, adding the details height of expanded events', () => {
    const offsets = rowOffsets(rows(0, 1, 2, 3), 26, new Map([[1, 100]]));
    expect([...offsets]).toEqual([0, 26, 152, 178, 204]);
  });

  it('keys expanded details by event position, so filtered-out events add nothing', () => {
    const offsets = rowOffsets(rows(0, 2, 4), 26, new Map([[3, 100], [4, 50]]));
    expect([...offsets]).toEqual([0, 26, 52, 128]);
  });

  it('finds the row covering an offset, the expanded part included, clamped to the rows', () => {
    const offsets = rowOffsets(rows(0, 1, 2, 3), 26, new Map([[1, 100]]));
    expect([0, 25.9, 26, 151, 152, 203, 500, -10].map((y) => rowAtOffset(offsets, y))).toEqual([0, 0, 1, 1, 2, 3, 3, 0]);
    expect(rowAtOffset(rowOffsets(rows(), 26, new Map()), 0)).toBe(-1);
  });

  it('renders only the rows in view plus overscan, however tall the expanded ones are', () => {
    const positions = rows(...Array.from({ length: 1000 }, (_, i) => i));
    const offsets = rowOffsets(positions, 26, new Map([[500, 1000]]));
    // Scrolled into the middle of event 500's details: it is the only row in view.
    expect(visibleRowRange(offsets, 500 * 26 + 300, 312, 0)).toEqual({ first: 500, last: 501 });
    expect(visibleRowRange(offsets, 500 * 26 + 300, 312, 8)).toEqual({ first: 492, last: 509 });
    // Without expansion, 312 px show 12 rows.
    expect(visibleRowRange(rowOffsets(positions, 26, new Map()), 0, 312, 8)).toEqual({ first: 0, last: 20 });
    expect(visibleRowRange(rowOffsets(rows(), 26, new Map()), 0, 312)).toEqual({ first: 0, last: 0 });
  });

  it('moves the selection by rows and pages, clamped, from the cursor or the nearest shown row', () => {
    const shown = rows(2, 5, 9, 12, 20);
    expect(moveRowIndex(shown, 9, 1)).toBe(3);
    expect(moveRowIndex(shown, 9, -1)).toBe(1);
    expect(moveRowIndex(shown, 9, 10)).toBe(4);
    expect(moveRowIndex(shown, 9, -10)).toBe(0);
    // Cursor on a filtered-out event (7): ↓ goes to 9, ↑ to 5.
    expect(shown[moveRowIndex(shown, 7, 1)]).toBe(9);
    expect(shown[moveRowIndex(shown, 7, -1)]).toBe(5);
    // Cursor before every shown row.
    expect(shown[moveRowIndex(shown, 0, 1)]).toBe(2);
    expect(shown[moveRowIndex(shown, 0, -1)]).toBe(2);
    expect(moveRowIndex(rows(), 3, 1)).toBe(-1);
  });

  it('counts the lines of an event as JsonView shows it: one when short, indented otherwise', () => {
    expect(detailLineCount({ id: 1, type: 'PassStateEntered' })).toBe(1);
    const long = { id: 2, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"orderId":"o-1","items":[1,2,3]}', roleArn: 'arn:aws:iam::123456789012:role/x' } };
    expect(detailLineCount(long)).toBe(JSON.stringify(long, null, 2).split('\n').length);
  });
});
