import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The browser host's checks on every request, kept apart from the server so that they can be
 * read and tested on their own. A local HTTP server is reachable by every web page the user
 * opens, so three checks stand between those pages and the service:
 * - Host: only `127.0.0.1:<port>` and `localhost:<port>`; a page on a DNS name that rebinds to
 *   127.0.0.1 sends its own name and is refused (DNS rebinding).
 * - Origin: when a browser sends one, it must be this host's own origin (cross-site requests).
 * - Token: a random secret printed once at launch, required on every request (other local users
 *   and programs, and any page that gets past the first two).
 */

/** A fresh per-launch token: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two tokens in constant time (for equal-length digests). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Name of the cookie holding the token. Cookies ignore ports, so the port is in the name. */
export function tokenCookieName(port: number): string {
  return `stepscope_token_${port}`;
}

/** What the guard looks at in a request. */
export interface GuardedRequest {
  method: string;
  /** Path and query, as in the request line. */
  url: string;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  cookie: string | undefined;
}

/** The guard's verdict. */
export type GuardVerdict =
  /** Let it through; `viaQuery` is true when the token came in the URL (then set the cookie and redirect). */
  | { kind: 'allow'; viaQuery: boolean }
  | { kind: 'refuse'; status: 401 | 403; message: string };

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Checks Host, Origin and token. The token may come as `Authorization: Bearer <token>`, as the
 * port's cookie, or — on GET only, for the first page load from the printed URL — as `?token=`.
 * No token at all is 401; a wrong one, or a foreign Host or Origin, is 403.
 */
export function checkRequest(request: GuardedRequest, port: number, token: string): GuardVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (request.host === undefined || !allowedHosts.includes(request.host.toLowerCase())) {
    return { kind: 'refuse', status: 403, message: `Refused: the Host header must be one of ${allowedHosts.join(', ')}` };
  }
  if (request.origin !== undefined && !allowedHosts.some((h) => request.origin === `http://${h}`)) {
    return { kind: 'refuse', status: 403, message: 'Refused: requests from other origins are not allowed' };
  }
  const bearer = request.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = cookieValue(request.cookie, tokenCookieName(port));
  let query: string | undefined;
  if (request.method === 'GET') {
    const q = request.url.indexOf('?');
    if (q >= 0) query = new URLSearchParams(request.url.slice(q + 1)).get('token') ?? undefined;
  }
  const candidates = [bearer, cookie, query].filter((t): t is string => t !== undefined && t !== '');
  if (candidates.length === 0) return { kind: 'refuse', status: 401, message: 'Refused: this server needs the token from the URL it printed at launch' };
  // Every token given must be right: a wrong header is not rescued by a right cookie.
  if (!candidates.every((t) => tokensEqual(t, token))) return { kind: 'refuse', status: 403, message: 'Refused: wrong token' };
  return { kind: 'allow', viaQuery: query !== undefined && query !== '' };
}
