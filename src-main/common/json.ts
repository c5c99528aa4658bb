/** A JSON value as it travels through a state machine. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Serialises a value the way Step Functions writes payloads into history events:
 * compact JSON with no whitespace.
 */
export function toJsonText(value: Json): string {
  return JSON.stringify(value);
}

/**
 * Deep structural equality of two JSON values (object key order ignored). Compares pairs from an
 * explicit stack, so values of any depth are compared without overflowing the JavaScript stack.
 */
export function jsonEquals(a: Json, b: Json): boolean {
  const left: Json[] = [a];
  const right: Json[] = [b];
  while (left.length > 0) {
    const x = left.pop() as Json;
    const y = right.pop() as Json;
    if (x === y) continue;
    if (typeof x !== typeof y || x === null || y === null || typeof x !== 'object') return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) {
        left.push(x[i]);
        right.push(y[i]);
      }
      continue;
    }
    if (Array.isArray(y)) return false;
    const yo = y as JsonObject;
    const xk = Object.keys(x);
    if (xk.length !== Object.keys(yo).length) return false;
    for (const k of xk) {
      if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
      left.push((x as JsonObject)[k]);
      right.push(yo[k]);
    }
  }
  return true;
}

/** The byte length of a string encoded as UTF-8, computed without platform APIs. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A JSON-text payload read as the value it holds; text that is not JSON stays a string. */
export function parseJsonText(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
