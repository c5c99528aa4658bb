import { describe, expect, it } from 'vitest';
import { countLabel } from '../../../../src-renderer/ui/countLabel';

describe('countLabel', () => {
  it('says "1 event", not "1 events" (event table of a run stopped at its first event)', () => {
    expect(countLabel(1, 'event')).toBe('1 event');
    expect(countLabel(0, 'event')).toBe('0 events');
    expect(countLabel(15, 'event')).toBe('15 events');
  });

  it('counts a filtered part of a total in the number of the total', () => {
    expect(countLabel(1, 'event', 18)).toBe('1 of 18 events');
    expect(countLabel(1, 'event', 1)).toBe('1 of 1 event');
  });
});
