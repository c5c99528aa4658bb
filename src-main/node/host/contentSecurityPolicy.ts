/**
 * The Content-Security-Policy of the app's page, defined once for both of its hosts: the browser
 * host sends it on every response (createHost.ts) and the desktop window's session does too
 * (electron/main.ts, through electron/security.ts); src-renderer/index.html carries the same
 * policy, minus what a <meta> cannot carry, for file:// pages, which get no response headers.
 */

/**
 * The policy's directives, in the order they are sent. `frame-ancestors` is last: a <meta> policy
 * ignores it (CSP3, "The frame-ancestors directive ... is not supported inside a meta element"),
 * so the meta policy is this list without it.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline style attributes (React `style` props, D3 `.style()`); no script can come from them.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

/** The Content-Security-Policy header value of every response of either host (the window's session, the browser host). */
export const CONTENT_SECURITY_POLICY: string = CSP_DIRECTIVES.join('; ');

/** Directives that a policy in a <meta http-equiv> element cannot carry (CSP3 §3.3 and §6.4.2). */
const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

/**
 * The part of a header policy that a <meta http-equiv="Content-Security-Policy"> can carry: the
 * same directives in the same order, without the header-only ones, joined by "; ".
 */
export function toMetaContentSecurityPolicy(policy: string): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !HEADER_ONLY_DIRECTIVES.includes(directive.split(/\s+/)[0].toLowerCase()))
    .join('; ');
}

/** What src-renderer/index.html's <meta> policy must say (test/unit/electron/security.test.ts and the build test check it). */
export const META_CONTENT_SECURITY_POLICY: string = toMetaContentSecurityPolicy(CONTENT_SECURITY_POLICY);
