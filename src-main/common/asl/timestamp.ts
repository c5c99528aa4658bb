/**
 * Timestamps as the Choice state's Timestamp* operators (and the Wait state's Timestamp field)
 * read them. Developer Guide, "Choice Rules": timestamps must conform to the RFC3339 profile of
 * ISO 8601, with the further restrictions that an uppercase `T` separates the date and the time,
 * and an uppercase `Z` denotes that a numeric time zone offset is not present
 * (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+01:00`).
 *
 * AWS parses with java.time, so a fraction has at most nine digits, seconds range 0–59 (no leap
 * second), and offsets are at most ±18:00.
 *
 * It sits in asl/ (below engine/) because the timestamp profile is part of the language: definition
 * validation checks literal timestamps with it, and the engine compares them at run time.
 */

/** An instant as whole seconds since the epoch plus nanoseconds, exact for any fraction. */
export interface ParsedTimestamp {
  epochSeconds: number;
  nanos: number;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parses a timestamp in AWS's accepted profile, or returns undefined for anything else. */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  const zone = m[8];
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (om > 59 || oh > 18 || (oh === 18 && om > 0)) return undefined;
    offsetSeconds = (oh * 3600 + om * 60) * (zone[0] === '-' ? -1 : 1);
  }
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  const epochSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return { epochSeconds, nanos };
}

/** True when `text` is a timestamp in AWS's accepted profile. */
export function isTimestamp(text: string): boolean {
  return parseTimestamp(text) !== undefined;
}

/** Orders two parsed timestamps: negative, zero or positive. */
export function compareTimestamps(a: ParsedTimestamp, b: ParsedTimestamp): number {
  if (a.epochSeconds !== b.epochSeconds) return a.epochSeconds < b.epochSeconds ? -1 : 1;
  if (a.nanos !== b.nanos) return a.nanos < b.nanos ? -1 : 1;
  return 0;
}
