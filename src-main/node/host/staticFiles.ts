import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the renderer build produces. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file to send. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Finds the file a GET path names inside `root` (the renderer build): `/` is `index.html`;
 * a path that is not a file, or that escapes `root` once decoded and normalised, is undefined.
 */
export function findStaticFile(root: string, pathname: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  if (!full.startsWith(base)) return undefined;
  if (!existsSync(full) || !statSync(full).isFile()) return undefined;
  return { body: readFileSync(full), contentType: CONTENT_TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream' };
}

/** The page served when the renderer has not been built, saying how to build it. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stepscope</title></head>
<body><main aria-label="Stepscope"><h1>Stepscope</h1>
<p>The user interface is not built yet. Run <code>npm run build:ui</code> in the project folder,
then reload this page.</p></main></body></html>
`;
