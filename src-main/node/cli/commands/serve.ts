import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SfnApiStatus } from '../../../common/contract/api';
import { createHost } from '../../host';
import { createService } from '../../service';
import { startSfnEndpoint, type EndpointMocks, type SfnEndpoint } from '../../sfnApi';
import { loadMockConfig } from '../mocks';
import { readDataFile } from '../files';
import { parseVerbArgs } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { openCliStore } from './storeAccess';

/**
 * The project folder (where package.json names "stepscope"), found upwards from this module:
 * the bundle lives in dist/, the source in src-main/node/cli/commands/. It holds out/renderer
 * and resources/examples.
 */
export function findProjectRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'stepscope') return dir;
      } catch {
        // Not ours; keep looking upwards.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function parsePort(text: string | undefined, option = '--port'): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option} must be a number from 0 to 65535, not "${text}"`, 'serve');
  const port = Number(text);
  if (port > 65535) throw new UsageError(`${option} must be a number from 0 to 65535, not "${text}"`, 'serve');
  return port;
}

/** `--sfn-allow-origin` values: exact origins (`scheme://host[:port]`), nothing else. */
function parseOrigins(values: readonly string[]): string[] {
  for (const origin of values) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) throw new UsageError(`--sfn-allow-origin takes an origin such as http://localhost:3000, not "${origin}"`, 'serve');
  }
  return [...values];
}

/** The MockConfigFile of `--mock-config`, checked (every problem reported with its line) and kept as written. */
function readEndpointMocks(io: CliIo, path: string): EndpointMocks {
  const parsed = loadMockConfig(io.cwd, path);
  return { content: readDataFile(io.cwd, path, 'mock config').value, parsed, path };
}

/** Opens a URL in the user's browser; reports failure on stderr instead of failing the server. */
function openInBrowser(url: string, io: CliIo): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => io.stderr(`stepscope serve: could not open a browser (${command}); open the URL above yourself\n`));
    child.unref();
  } catch {
    io.stderr(`stepscope serve: could not open a browser (${command}); open the URL above yourself\n`);
  }
}

/**
 * Makes sure the built user interface is there before any address is printed: when
 * out/renderer/index.html is missing, builds it with scripts/build-ui.mjs (a project checkout with
 * its dev dependencies; needs no `electron` package), or fails with the command to run.
 */
function ensureUserInterface(root: string, rendererDir: string, io: CliIo): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  const script = join(root, 'scripts', 'build-ui.mjs');
  const howTo = `run \`npm run build:ui\` in ${root}, then start it again`;
  if (!existsSync(script) || !existsSync(join(root, 'node_modules', 'vite'))) {
    throw new CliError(`stepscope serve: the user interface is not built (${rendererDir} is missing) and cannot be built from here: ${howTo}`);
  }
  io.stderr('stepscope serve: building the user interface (first start; about half a minute)…\n');
  const build = spawnSync(process.execPath, [script], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) {
    const why = (build.stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new CliError(`stepscope serve: the user interface did not build${why ? ` (${why})` : ''}: ${howTo}`);
  }
}

/**
 * `stepscope serve [--port n] [--open] [--db file] [--sfn-port n] [--mock-config file] ...`: serves
 * the built renderer and the service API on 127.0.0.1 until SIGINT or SIGTERM, and the Step
 * Functions API (node/sfnApi) on a port of its own. The first line on stdout is the full URL, with
 * the random per-launch token every request needs; the second `Step Functions API: <url>`. Executions are kept in the execution store (`--db`, else
 * STEPSCOPE_DB, else the user's database, as the other verbs do).
 */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('serve', argv, {
    port: { type: 'string' },
    open: { type: 'boolean' },
    db: { type: 'string' },
    'sfn-port': { type: 'string' },
    'mock-config': { type: 'string' },
    'sfn-allow-origin': { type: 'string', multiple: true },
    'sfn-access-key-id': { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.serve);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw new UsageError(`Unexpected argument "${args.positionals[0]}"`, 'serve');
  const port = parsePort(args.strings.port);
  const sfnPort = parsePort(args.strings['sfn-port'], '--sfn-port');
  const allowOrigins = parseOrigins(args.lists['sfn-allow-origin'] ?? []);
  const accessKeyId = args.strings['sfn-access-key-id'];
  if (accessKeyId !== undefined && !/^[A-Za-z0-9]{1,128}$/.test(accessKeyId)) throw new UsageError(`--sfn-access-key-id takes an access key id (letters and digits), not "${accessKeyId}"`, 'serve');
  const mockPath = args.strings['mock-config'];
  const mocks = mockPath !== undefined ? readEndpointMocks(io, mockPath) : undefined;
  const root = findProjectRoot(dirname(fileURLToPath(import.meta.url))) ?? io.cwd;
  const rendererDir = join(root, 'out', 'renderer');
  ensureUserInterface(root, rendererDir, io);
  const store = openCliStore(io, args.strings.db);
  // The page's status bar shows the endpoint (`endpoint.status`); serve always serves it, so it is not a setting here.
  let sfnStatus: SfnApiStatus = { configurable: false, enabled: true, port: sfnPort === 0 ? null : sfnPort, url: null, error: null };
  // Executions another process stores in the same database (a CLI import or run) show up live.
  const service = createService({ examplesDir: join(root, 'resources', 'examples'), store, sfnApi: { status: () => sfnStatus, set: async () => sfnStatus }, externalWritesPollMs: 500 });
  let host;
  let sfn: SfnEndpoint | undefined;
  let listening = { option: '--port', port };
  try {
    host = await createHost({ service, rendererDir, port });
    listening = { option: '--sfn-port', port: sfnPort };
    sfn = await startSfnEndpoint({
      service,
      store,
      port: sfnPort,
      allowOrigins,
      ...(accessKeyId !== undefined ? { accessKeyId } : {}),
      ...(mocks !== undefined ? { mocks } : {}),
    });
  } catch (error) {
    await host?.close();
    await service.close();
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    const { option, port: taken } = listening;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${taken} is in use; choose another with ${option}, or ${option} 0 for a free one`, 'serve');
    if (code === 'EACCES') throw new UsageError(`Not allowed to listen on port ${taken}; choose a port above 1023`, 'serve');
    throw error;
  }
  sfnStatus = { ...sfnStatus, url: sfn.url };
  io.stdout(`${host.url}\n`);
  io.stdout(`Step Functions API: ${sfn.url}\n`);
  io.stderr(`stepscope serve: listening on 127.0.0.1 only; executions are kept in ${store.path}. Ctrl+C stops it.\n`);
  if (args.flags.open) openInBrowser(host.url, io);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sfn.close();
  await host.close();
  // Executions still running (a task token nobody answered) are recorded as INTERRUPTED.
  await service.close();
  await store.close();
  return EXIT.ok;
}
