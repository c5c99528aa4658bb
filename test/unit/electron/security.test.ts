import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createTrustedUrlCheck,
  EXTERNAL_LINK_HOSTS,
  isAllowedExternalUrl,
  META_CONTENT_SECURITY_POLICY,
  rendererSourceOf,
  toMetaContentSecurityPolicy,
} from '../../../src-main/electron/security';

const ROOT = join(__dirname, '../../..');
const FILE_URL = 'file:///opt/Stepscope/resources/app.asar/out/renderer/index.html';

/** The content of the first <meta http-equiv="Content-Security-Policy"> in an HTML text. */
function metaPolicyOf(html: string): string | undefined {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
}

describe('Content-Security-Policy (issue #18 item 10)', () => {
  it('refuses forms, framing, plugins and <base>, and allows scripts only from the page itself', () => {
    const directives = CONTENT_SECURITY_POLICY.split('; ');
    expect(directives).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('gives the <meta> policy every directive of the header except those a <meta> cannot carry', () => {
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
    expect(toMetaContentSecurityPolicy("default-src 'self'; sandbox; report-uri /r; Frame-Ancestors 'none'; form-action 'none'")).toBe("default-src 'self'; form-action 'none'");
  });

  it("src-renderer/index.html's <meta> policy is exactly META_CONTENT_SECURITY_POLICY (file:// pages get no header)", () => {
    const html = readFileSync(join(ROOT, 'src-renderer', 'index.html'), 'utf8');
    expect(metaPolicyOf(html)).toBe(META_CONTENT_SECURITY_POLICY);
  });
});

describe('external links (shell.openExternal)', () => {
  it('allows https links to the documentation hosts only', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual(['docs.aws.amazon.com', 'states-language.net']);
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com/step-functions/latest/dg/welcome.html')).toBe(true);
    expect(isAllowedExternalUrl('https://states-language.net/spec.html#choice-state')).toBe(true);
  });

  it.each([
    ['another https site', 'https://evil.example/'],
    ['a look-alike host', 'https://docs.aws.amazon.com.evil.example/'],
    ['a subdomain of an allowed host', 'https://x.states-language.net/'],
    ['plain http', 'http://docs.aws.amazon.com/'],
    ['a port', 'https://docs.aws.amazon.com:8443/'],
    ['user info', 'https://user:pw@docs.aws.amazon.com/'],
    ['a local file', 'file:///etc/passwd'],
    ['a script URL', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['no URL at all', 'docs.aws.amazon.com'],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('the renderer source and the trusted-frame check', () => {
  it('honours ELECTRON_RENDERER_URL only in an unpackaged app, and only for http(s)', () => {
    expect(rendererSourceOf({ fileUrl: FILE_URL, devUrl: 'http://localhost:5173/', isPackaged: false })).toEqual({ kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(rendererSourceOf({ fileUrl: FILE_URL, devUrl: 'http://localhost:5173/', isPackaged: true })).toEqual({ kind: 'file', url: FILE_URL });
    expect(rendererSourceOf({ fileUrl: FILE_URL, devUrl: undefined, isPackaged: false })).toEqual({ kind: 'file', url: FILE_URL });
    expect(rendererSourceOf({ fileUrl: FILE_URL, devUrl: 'file:///tmp/other.html', isPackaged: false })).toEqual({ kind: 'file', url: FILE_URL });
    expect(rendererSourceOf({ fileUrl: FILE_URL, devUrl: 'not a url', isPackaged: false })).toEqual({ kind: 'file', url: FILE_URL });
  });

  it('trusts the dev server by exact origin, never by prefix', () => {
    const trusted = createTrustedUrlCheck(rendererSourceOf({ fileUrl: FILE_URL, devUrl: 'http://localhost:5173', isPackaged: false }));
    expect(trusted('http://localhost:5173/')).toBe(true);
    expect(trusted('http://localhost:5173/index.html?x=1#top')).toBe(true);
    expect(trusted('http://localhost:5173.evil/')).toBe(false);
    expect(trusted('http://localhost:51730/')).toBe(false);
    expect(trusted('http://localhost:5173@evil.example/')).toBe(false);
    expect(trusted('https://localhost:5173/')).toBe(false);
    expect(trusted('http://127.0.0.1:5173/')).toBe(false);
    // The built file is not the page in this mode.
    expect(trusted(FILE_URL)).toBe(false);
    expect(trusted('')).toBe(false);
  });

  it('trusts the built page by its exact file (any query or fragment), and no other file', () => {
    const trusted = createTrustedUrlCheck(rendererSourceOf({ fileUrl: FILE_URL, devUrl: 'http://localhost:5173', isPackaged: true }));
    expect(trusted(FILE_URL)).toBe(true);
    expect(trusted(`${FILE_URL}?a=1#b`)).toBe(true);
    expect(trusted(FILE_URL.replace('index.html', 'other.html'))).toBe(false);
    expect(trusted(`${FILE_URL}.evil.html`)).toBe(false);
    expect(trusted('file:///etc/passwd')).toBe(false);
    expect(trusted('http://localhost:5173/')).toBe(false);
    expect(trusted('about:blank')).toBe(false);
    expect(trusted('')).toBe(false);
  });
});
