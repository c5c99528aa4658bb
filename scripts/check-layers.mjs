#!/usr/bin/env node
// Checks who may import whom (STYLE.md, "Who may import whom"), that there is no import cycle and that
// no source file outgrows what one reader can hold, over src-main, src-preload and src-renderer. Run by
// `npm test` (node scripts/check-layers.mjs) before the type check.
//
// Imports are read with TypeScript's own pre-processor (ts.preProcessFile: static imports, `export … from`,
// `import()` in code and in types, `require`), so comments and strings do not count. Type-only imports
// count too: a type cycle is still a cycle in the design.
//
// The rules (each violation names file:line, importer layer → imported layer, and the rule):
//   common-order     src-main/common folders form one order, lowest first (COMMON_ORDER below); a folder
//                    imports only its own folder and lower ones.
//   common-pure      src-main/common imports nothing outside src-main/common, and no Node built-in, electron,
//                    better-sqlite3 or DOM-only package (react, react-dom, d3, @xstate/react). DOM globals are
//                    kept out by tsconfig.common.json ("lib": ES2023, "types": []).
//   node             src-main/node imports only src-main/common and src-main/node, never electron.
//   electron-main    src-main/electron imports src-main only (no renderer).
//   preload          src-preload imports only src-main/common/contract and electron.
//   renderer         src-renderer imports src-main/common (alias @common) and itself, never src-main/node,
//                    src-main/electron, electron, better-sqlite3 or a Node built-in.
//   renderer-index   outside a renderer feature (features/<name>/) or shared folder (ui/, viz/, api/), it is
//                    imported only through its index.ts.
//   cycle            no file-level import cycle anywhere.
//   file-size        no source file over MAX_FILE_LINES lines (issue #15: one reader holds one file).
// A few imports are excused, each with its reason, in EXCEPTIONS below.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The layers of src-main/common, lowest first. A folder (or top-level file such as json.ts) may import
 * its own layer and the layers before it, never one after it.
 *   json         JSON values and JSON text (json.ts)
 *   jsonLimits   nesting and size limits of JSON values, checked without recursion (jsonLimits.ts)
 *   arn          Step Functions ARNs: how they are built and read (arn.ts)
 *   asl          the language: definition types, parsing, validation, and the pieces of syntax the
 *                engine shares with validation (JSONPath syntax, the timestamp profile, Choice operators)
 *   history      AWS history event types and projections over events
 *   engine       the interpreter (emits history events)
 *   hostMonotonicClock  the default wall-clock budget port hosts hand the engine (hostMonotonicClock.ts)
 *   mocks        mock configs; the invoker implements the engine's TaskInvoker port
 *   documents    the one loader of files (JSON/YAML, and what kind of document a file is: definition,
 *                history, bundle, mock config), over asl, history and mocks
 *   debug        what the debugger and inspector derive with engine + history (sessions, fork, data flow)
 *   conformance  comparing a run with a recorded case; uses mocks and the engine, nothing uses it
 *   usertests    users' own test files (*.sfn-test.json|yaml): loading, matching, coverage, suggestions, replay
 *   contract     the service API: types and validators over everything below
 */
export const COMMON_ORDER = ['json', 'jsonLimits', 'arn', 'asl', 'history', 'engine', 'hostMonotonicClock', 'mocks', 'documents', 'debug', 'conformance', 'usertests', 'contract'];

/** The most lines a source file may have. */
export const MAX_FILE_LINES = 900;

/** Source roots the checker walks, relative to the repository root. */
export const SOURCE_ROOTS = ['src-main', 'src-preload', 'src-renderer'];

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts'];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const DOM_PACKAGES = ['react', 'react-dom', 'd3', '@xstate/react'];
/**
 * Imports allowed although they break a rule, each with its reason ("importer -> imported": reason).
 * Keep this list short; an entry whose import is gone is reported as stale.
 */
export const EXCEPTIONS = {
  'src-renderer/features/graph/nodeText.ts -> src-renderer/viz/statusColors.ts':
    'nodeText.ts is pure and unit-tested under tsconfig.json (Node, no DOM lib); viz/index.ts also re-exports zoom.ts, which needs the DOM types',
};

/** Renderer folders whose files must be imported through their index.ts from outside the folder. */
const RENDERER_INDEXED = [/^src-renderer\/features\/[^/]+/, /^src-renderer\/(ui|viz|api)(?=\/)/];

/** The package name of a bare import specifier (`d3-scale/x` → `d3-scale`, `@a/b/c` → `@a/b`). */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isDomPackage(name) {
  return DOM_PACKAGES.includes(name) || name.startsWith('d3-');
}

function listSourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules') continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE_EXTENSIONS.some((e) => name.endsWith(e))) out.push(p);
    }
  };
  for (const r of SOURCE_ROOTS) if (existsSync(join(root, r))) walk(join(root, r));
  return out;
}

function resolveFile(base) {
  const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => join(base, 'index' + e))];
  // `./x.js` written for ESM resolves to x.ts
  if (/\.(m?js)$/.test(base)) candidates.push(...SOURCE_EXTENSIONS.map((e) => base.replace(/\.m?js$/, e)));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Posix path relative to the root, for messages and rules. */
function rel(root, file) {
  return relative(root, file).split(sep).join('/');
}

/**
 * Which layer a repository-relative path belongs to, e.g. `common/engine`, `common/json`, `node`,
 * `electron`, `preload`, `renderer`. Returns null outside the source roots.
 */
export function layerOf(path) {
  let m = /^src-main\/common\/([^/.]+)/.exec(path);
  if (m) return `common/${m[1]}`;
  m = /^src-main\/(node|electron)\//.exec(path);
  if (m) return m[1];
  if (path.startsWith('src-preload/')) return 'preload';
  if (path.startsWith('src-renderer/')) return 'renderer';
  return null;
}

/**
 * Reads every import of every source file under the roots.
 * Returns { files: string[], imports: { from, line, spec, to?: string, pkg?: string }[] } with
 * repository-relative posix paths; `to` is set for a resolved local file, `pkg` for a bare package.
 */
export function readImports(root) {
  const files = listSourceFiles(root);
  const imports = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const from = rel(root, file);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      const line = text.slice(0, ref.pos).split('\n').length;
      let target = null;
      if (spec.startsWith('.')) target = resolve(dirname(file), spec);
      else if (spec.startsWith('@common/')) target = join(root, 'src-main/common', spec.slice('@common/'.length));
      if (target !== null) {
        const found = resolveFile(target.replace(/\?.*$/, ''));
        imports.push({ from, line, spec, to: found ? rel(root, found) : rel(root, target) });
      } else {
        imports.push({ from, line, spec, pkg: packageName(spec) });
      }
    }
  }
  return { files: files.map((f) => rel(root, f)), imports };
}

function commonRank(layer) {
  const i = COMMON_ORDER.indexOf(layer.slice('common/'.length));
  return i < 0 ? null : i;
}

/** The layer rule an import breaks, as { rule, message }, or null when it is allowed. */
export function ruleFor(imp) {
  const fromLayer = layerOf(imp.from);
  if (fromLayer === null) return null;
  const toLayer = imp.to ? layerOf(imp.to) : null;
  const what = imp.to ? (toLayer ?? imp.to) : `package ${imp.pkg}`;
  const bad = (rule, why) => ({ rule, message: `${fromLayer} → ${what}: ${why}` });
  const pkg = imp.pkg;

  if (fromLayer.startsWith('common/')) {
    if (pkg !== undefined) {
      if (NODE_BUILTINS.has(imp.spec) || NODE_BUILTINS.has(pkg))
        return bad('common-pure', 'common runs anywhere and may not import Node built-ins');
      if (pkg === 'electron' || pkg === 'better-sqlite3') return bad('common-pure', `common may not import ${pkg}`);
      if (isDomPackage(pkg)) return bad('common-pure', 'common may not import DOM-only code');
      return null;
    }
    if (toLayer === null || !toLayer.startsWith('common/'))
      return bad('common-pure', 'common imports only src-main/common');
    if (toLayer === fromLayer) return null;
    const a = commonRank(fromLayer);
    const b = commonRank(toLayer);
    if (a === null || b === null)
      return bad('common-order', `every common folder needs a place in COMMON_ORDER (scripts/check-layers.mjs)`);
    if (b > a)
      return bad('common-order', `wrong-way import; a common folder imports only itself and the folders before it in ${COMMON_ORDER.join(' → ')}`);
    return null;
  }
  if (fromLayer === 'node') {
    if (pkg === 'electron') return bad('node', 'src-main/node runs in plain Node and may not import electron');
    if (pkg !== undefined) return null;
    if (toLayer === 'node' || toLayer?.startsWith('common/')) return null;
    return bad('node', 'src-main/node imports only src-main/common and src-main/node');
  }
  if (fromLayer === 'electron') {
    if (pkg !== undefined) return null;
    if (toLayer === 'electron' || toLayer === 'node' || toLayer?.startsWith('common/')) return null;
    return bad('electron-main', 'src-main/electron imports only src-main');
  }
  if (fromLayer === 'preload') {
    if (pkg === 'electron') return null;
    if (pkg !== undefined) return bad('preload', 'the preload imports only electron and src-main/common/contract');
    if (toLayer === 'common/contract' || toLayer === 'preload') return null;
    return bad('preload', 'the preload imports only electron and src-main/common/contract');
  }
  // renderer
  if (pkg !== undefined) {
    if (pkg === 'electron' || pkg === 'better-sqlite3' || NODE_BUILTINS.has(imp.spec) || NODE_BUILTINS.has(pkg))
      return bad('renderer', 'the renderer runs in a browser and may not import Node, electron or better-sqlite3');
    return null;
  }
  if (toLayer === 'renderer') {
    for (const re of RENDERER_INDEXED) {
      const target = re.exec(imp.to);
      if (!target) continue;
      const folder = target[0];
      if (imp.from.startsWith(folder + '/')) return null;
      if (/^index\.tsx?$/.test(imp.to.slice(folder.length + 1))) return null;
      return {
        rule: 'renderer-index',
        message: `${imp.from.slice(0, imp.from.lastIndexOf('/'))} → ${imp.to}: import ${folder}/ only through its index.ts`,
      };
    }
    return null;
  }
  if (toLayer?.startsWith('common/')) return null;
  return bad('renderer', 'the renderer imports only src-main/common and src-renderer (never src-main/node or src-main/electron)');
}

/**
 * Every import cycle among local files, one per strongly connected component, each as a list of
 * { file, line } hops that closes on its first file.
 */
export function findCycles(imports) {
  const edges = new Map();
  for (const imp of imports) {
    if (!imp.to) continue;
    if (!edges.has(imp.from)) edges.set(imp.from, []);
    edges.get(imp.from).push(imp);
  }
  // Tarjan's strongly connected components (iterative, so deep graphs do not overflow the stack).
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  for (const start of [...edges.keys()].sort()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const out = edges.get(v) ?? [];
      if (i < out.length) {
        frame[1]++;
        const w = out[i].to;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
      } else {
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1][0];
          low.set(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v) === index.get(v)) {
          const comp = [];
          let w;
          do {
            w = stack.pop();
            onStack.delete(w);
            comp.push(w);
          } while (w !== v);
          const selfLoop = (edges.get(v) ?? []).some((e) => e.to === v);
          if (comp.length > 1 || selfLoop) components.push(comp.sort());
        }
      }
    }
  }
  // One concrete cycle per component: breadth-first from its first file back to itself.
  return components.map((comp) => {
    const inComp = new Set(comp);
    const first = comp[0];
    const prev = new Map();
    const queue = [first];
    const seen = new Set();
    let closing = null;
    while (queue.length && !closing) {
      const v = queue.shift();
      for (const e of edges.get(v) ?? []) {
        if (!inComp.has(e.to)) continue;
        if (e.to === first) {
          closing = e;
          break;
        }
        if (!seen.has(e.to)) {
          seen.add(e.to);
          prev.set(e.to, e);
          queue.push(e.to);
        }
      }
    }
    const hops = [closing];
    let at = closing.from;
    while (at !== first) {
      const e = prev.get(at);
      hops.unshift(e);
      at = e.from;
    }
    return { files: comp, hops: hops.map((e) => ({ file: e.from, line: e.line, to: e.to })) };
  });
}

/**
 * Checks the tree under `root`. Returns the violations, each { file, line, rule, message }; a cycle is
 * reported at its first hop with the whole path in the message.
 */
export function checkLayers(root) {
  const { files, imports } = readImports(root);
  const violations = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n').length;
    if (lines > MAX_FILE_LINES) violations.push({ file, line: MAX_FILE_LINES + 1, rule: 'file-size', message: `${lines} lines, over the ${MAX_FILE_LINES}-line limit: split it so a reader can hold one file` });
  }
  const excused = new Set();
  for (const imp of imports) {
    const broken = ruleFor(imp);
    if (!broken) continue;
    const key = `${imp.from} -> ${imp.to ?? imp.pkg}`;
    if (Object.hasOwn(EXCEPTIONS, key)) excused.add(key);
    else violations.push({ file: imp.from, line: imp.line, ...broken });
  }
  for (const key of Object.keys(EXCEPTIONS)) {
    const file = key.slice(0, key.indexOf(' -> '));
    if (!excused.has(key) && files.includes(file))
      violations.push({ file, line: 1, rule: 'stale-exception', message: `EXCEPTIONS in scripts/check-layers.mjs lists "${key}", which no longer breaks a rule: remove the entry` });
  }
  for (const cycle of findCycles(imports)) {
    const path = cycle.hops.map((h) => `${h.file}:${h.line}`).join(' → ');
    violations.push({
      file: cycle.hops[0].file,
      line: cycle.hops[0].line,
      rule: 'cycle',
      message: `import cycle of ${cycle.files.length} file(s): ${path} → ${cycle.hops[0].file}`,
    });
  }
  return violations;
}

/** One line per violation, `file:line  [rule] message`. */
export function formatViolation(v) {
  return `${v.file}:${v.line}  [${v.rule}] ${v.message}`;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkLayers(root);
  if (violations.length === 0) {
    console.log(`check-layers: OK (common: ${COMMON_ORDER.join(' → ')}; no import cycles; no file over ${MAX_FILE_LINES} lines)`);
  } else {
    for (const v of violations) console.error(formatViolation(v));
    console.error(`check-layers: ${violations.length} violation(s); the rules are at the top of scripts/check-layers.mjs`);
    process.exit(1);
  }
}
