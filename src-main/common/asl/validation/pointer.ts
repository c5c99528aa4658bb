/**
 * JSON pointers (RFC 6901) and AWS's own location strings.
 *
 * Stepscope diagnostics carry an RFC 6901 pointer (`/States/Choose/Choices/0/Next`) so that an
 * editor can find the value in the source text. AWS's ValidateStateMachineDefinition reports a
 * `location` in a slightly different notation: array indexes are written in brackets and state
 * names are not escaped (`/States/Choose/Choices[0]/Next`, `/States/My state`).
 */

/** One step of a path into a JSON document: an object member name or an array index. */
export type PathSegment = string | number;

/** Escapes one reference token per RFC 6901 (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reverses `escapePointerToken`. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Builds an RFC 6901 pointer from path segments; the empty list is the root pointer `""`. */
export function toPointer(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += '/' + escapePointerToken(String(s));
  return out;
}

/** Splits an RFC 6901 pointer into its unescaped reference tokens (`""` → `[]`). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapePointerToken);
}

/**
 * AWS's location notation for a path: `/` for the root, member names joined with `/` unescaped,
 * and array indexes appended as `[n]` to the preceding member (`/States/A/Catch[0]/Next`).
 */
export function toAwsLocation(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '/';
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += '/' + s;
  }
  return out;
}
