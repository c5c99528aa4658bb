/**
 * The desktop window's security policy as data and predicates, defined once: the
 * Content-Security-Policy (re-exported from node/host/contentSecurityPolicy.ts, which the browser
 * host sends too; main.ts sends it as a header), which external links may leave the app, and which
 * page URLs are the app's own (the only frames the IPC handler answers).
 *
 * No `electron` import here: main.ts wires these into Electron, and the unit tests
 * (test/unit/electron/security.test.ts) check them without the package.
 */

// The Content-Security-Policy is the page's, shared with the browser host (node/host): defined there once.
export { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, toMetaContentSecurityPolicy } from '../node/host/contentSecurityPolicy';

/**
 * The only hosts a link may open in the user's browser (over https, default port, no user info):
 * the AWS documentation and the Amazon States Language specification. Exact host names: no
 * subdomains, no look-alikes (`docs.aws.amazon.com.example` is another host).
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['docs.aws.amazon.com', 'states-language.net'];

/** True when `url` may be handed to the user's browser (shell.openExternal): https to an EXTERNAL_LINK_HOSTS host. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
}

/**
 * Where the window's page comes from: the built file, or (only in an unpackaged app, for
 * development) the dev server named by ELECTRON_RENDERER_URL.
 */
export type RendererSource = { kind: 'file'; url: string } | { kind: 'devServer'; url: string; origin: string };

/**
 * Chooses the page to load. ELECTRON_RENDERER_URL (`devUrl`) is honoured only when the app is not
 * packaged and the value is an http(s) URL; otherwise the built file (`fileUrl`) is used, so that
 * an environment variable can never point an installed app at another site.
 */
export function rendererSourceOf(options: { fileUrl: string; devUrl: string | undefined; isPackaged: boolean }): RendererSource {
  const { fileUrl, devUrl, isPackaged } = options;
  if (!isPackaged && devUrl) {
    const parsed = parseUrl(devUrl);
    if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return { kind: 'devServer', url: devUrl, origin: parsed.origin };
  }
  return { kind: 'file', url: fileUrl };
}

/**
 * A predicate saying whether a frame URL shows the app's own page: for the dev server, the exact
 * origin (scheme, host and port, compared after URL parsing, never by prefix:
 * `http://localhost:5173.evil` is another origin); for the built file, that exact file (any query
 * or fragment), and nothing else on disk.
 */
export function createTrustedUrlCheck(source: RendererSource): (url: string) => boolean {
  if (source.kind === 'devServer') return (url) => parseUrl(url)?.origin === source.origin;
  const fileUrl = withoutQueryAndHash(source.url);
  return (url) => {
    const parsed = parseUrl(url);
    return parsed !== undefined && parsed.protocol === 'file:' && withoutQueryAndHash(parsed.href) === fileUrl;
  };
}

/** `url` without its query and fragment (a URL that does not parse is returned as it is). */
function withoutQueryAndHash(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return url;
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/** The parsed URL, or undefined when `url` is not an absolute URL. */
function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
