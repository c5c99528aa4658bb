import { describe, expect, it } from 'vitest';
import { compareTimestamps, isTimestamp, parseTimestamp } from '../../../src-main/common/asl/timestamp';

describe('parseTimestamp', () => {
  it('accepts RFC3339 with an uppercase T and Z or a numeric offset', () => {
    for (const t of [
      '2016-03-14T01:59:00Z',
      '2016-03-14T01:59:00.123Z',
      '2016-03-14T01:59:00.123456789Z',
      '2016-03-14T01:59:00+01:00',
      '2016-03-14T01:59:00-18:00',
      '2024-02-29T23:59:59Z',
    ]) {
      expect(isTimestamp(t), t).toBe(true);
    }
  });

  it('rejects lowercase separators, missing zones, missing seconds and impossible dates', () => {
    for (const t of [
      '2016-03-14t01:59:00Z',
      '2016-03-14T01:59:00z',
      '2016-03-14 01:59:00Z',
      '2012-10-09T19:00:55',
      '2016-03-14T01:59Z',
      '2023-02-24',
      '2023-02-29T00:00:00Z',
      '2016-13-01T00:00:00Z',
      '2016-03-14T24:00:00Z',
      '2016-03-14T01:60:00Z',
      '2016-03-14T01:59:60Z',
      '2016-03-14T01:59:00.1234567890Z',
      '2016-03-14T01:59:00+19:00',
      '2016-03-14T01:59:00+0100',
      '',
    ]) {
      expect(isTimestamp(t), t).toBe(false);
    }
  });

  it('computes the instant, offset included', () => {
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toEqual({ epochSeconds: 0, nanos: 0 });
    expect(parseTimestamp('2012-10-09T19:00:55Z')?.epochSeconds).toBe(Date.UTC(2012, 9, 9, 19, 0, 55) / 1000);
    expect(parseTimestamp('1970-01-01T01:00:00+01:00')?.epochSeconds).toBe(0);
    expect(parseTimestamp('1969-12-31T23:59:59.5Z')).toEqual({ epochSeconds: -1, nanos: 500_000_000 });
  });
});

describe('compareTimestamps', () => {
  it('orders by seconds then by fraction', () => {
    const a = parseTimestamp('2012-10-09T19:00:55.000000001Z')!;
    const b = parseTimestamp('2012-10-09T19:00:55Z')!;
    expect(compareTimestamps(a, b)).toBe(1);
    expect(compareTimestamps(b, a)).toBe(-1);
    expect(compareTimestamps(b, parseTimestamp('2012-10-09T21:00:55+02:00')!)).toBe(0);
  });
});
