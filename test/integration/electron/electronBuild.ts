/**
 * Runs the desktop app's production build (`electron-vite build`, what `npm run build` runs) once
 * per vitest run into a scratch folder, for the Electron integration tests (build.test.ts,
 * boot.test.ts). ./out is left alone: the e2e screenshots live there.
 *
 * The folder is node_modules/.cache/stepscope-electron-build/run-<vitest pid>[-<its start time>]:
 * inside the project, so the built main bundle resolves its external packages (better-sqlite3,
 * yaml, ...) from the project's node_modules as it does in ./out. The test files run in separate
 * workers of one vitest process, so they share the build through that folder: the first to
 * create it builds, the others wait for its done.json. Folders of earlier runs (their vitest
 * process is gone) are removed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { findElectronPackage } from '../../../scripts/findElectronPackage.mjs';

/** The project root. */
export const ROOT = resolve(__dirname, '../../..');

/**
 * Why the Electron build and boot tests cannot run here, or undefined when they can: electron-vite
 * needs the optional `electron` package (not its binary), which npm leaves out when the binary's
 * download fails. The tests are then skipped with this reason printed. Under
 * `npm run test:electron` (STEPSCOPE_REQUIRE_ELECTRON=1), a missing package is an error instead.
 */
export const ELECTRON_SKIP_REASON: string | undefined = (() => {
  const found = findElectronPackage();
  if ('dir' in found) return undefined;
  if (process.env.STEPSCOPE_REQUIRE_ELECTRON === '1') throw new Error(`the Electron-layer tests need the electron package: ${found.reason}`);
  return found.reason;
})();

/** Where the scratch builds go. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'stepscope-electron-build');

/** The longest a build may take (2 shared cores: it usually takes 25–60 s). */
export const BUILD_TIMEOUT_MS = 240_000;

/** A finished build: its root (with main/, preload/, renderer/) and how long it took. */
export interface ElectronBuild {
  outDir: string;
  /** Wall-clock build time in ms (of the process that built it). */
  buildMs: number;
}

/**
 * The vitest process of this run: test files run in its child processes (pool 'forks', this
 * project's setting) or in its worker threads (pool 'threads').
 */
const RUN_PID = isMainThread ? process.ppid : process.pid;

/**
 * This run's folder name: the vitest pid, and on Linux its start time too, so that a later run
 * that happens to get the same pid (containers hand out the same small pids) never takes an old
 * build for its own.
 */
function runKey(): string {
  try {
    const stat = readFileSync(`/proc/${RUN_PID}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    if (startTime && /^\d+$/.test(startTime)) return `run-${RUN_PID}-${startTime}`;
  } catch {
    // not Linux: the pid alone
  }
  return `run-${RUN_PID}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch builds of vitest runs that have ended. */
function removeStaleBuilds(key: string): void {
  if (!existsSync(CACHE)) return;
  for (const name of readdirSync(CACHE)) {
    const match = /^run-(\d+)/.exec(name);
    if (!match || name === key) continue;
    const pid = Number(match[1]);
    if (pid === RUN_PID || !isAlive(pid)) rmSync(join(CACHE, name), { recursive: true, force: true });
  }
}

/** Runs `electron-vite build` with STEPSCOPE_ELECTRON_OUT=outDir; rejects with its output when it fails. */
function runBuild(outDir: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: ROOT,
      env: { ...process.env, STEPSCOPE_ELECTRON_OUT: outDir, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`electron-vite build failed (${signal ?? `exit code ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The build of this vitest run: builds it when no other test file of the run has, else waits for
 * that one. Rejects with the build's output when the build fails.
 */
export async function ensureElectronBuild(): Promise<ElectronBuild> {
  mkdirSync(CACHE, { recursive: true });
  const key = runKey();
  removeStaleBuilds(key);
  const runDir = join(CACHE, key);
  const outDir = join(runDir, 'out');
  const done = join(runDir, 'done.json');
  const failed = join(runDir, 'failed.txt');
  let owner = false;
  try {
    mkdirSync(runDir); // atomic: exactly one process of the run gets to build
    owner = true;
  } catch {
    owner = false;
  }
  if (owner) {
    const started = Date.now();
    try {
      await runBuild(outDir);
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? error.message : String(error));
      throw error;
    }
    const build: ElectronBuild = { outDir, buildMs: Date.now() - started };
    writeFileSync(done, JSON.stringify(build));
    return build;
  }
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as ElectronBuild;
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    await sleep(250);
  }
  throw new Error(`Timed out waiting for the shared electron-vite build in ${runDir}`);
}
