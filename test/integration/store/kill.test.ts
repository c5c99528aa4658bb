import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/node/store';

/**
 * A writer process (dist/recordingProbe.mjs) records a long execution through the store's writer
 * thread; the test kills it with SIGKILL mid-run and checks what the next start finds.
 */
const ROOT = join(__dirname, '../../..');
let dir: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'stepscope-kill-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts the probe and kills it once it has reported `atLeast` committed events. */
function runAndKill(path: string, atLeast: number): Promise<{ lastReported: number; usedThread: boolean; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/recordingProbe.mjs'), path, '1000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastReported = 0;
    let usedThread = false;
    let killed = false;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'writer-thread true') usedThread = true;
        const m = /^committed (\d+)$/.exec(line);
        if (m) lastReported = Number(m[1]);
      }
      if (!killed && lastReported >= atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (killed ? resolve({ lastReported, usedThread, signal }) : reject(new Error(`probe ended before being killed: ${stderr}`))));
  });
}

describe('a writer process killed with SIGKILL mid-run', () => {
  it('leaves an intact file holding every committed event, and the run is marked INTERRUPTED', async () => {
    const path = join(dir, 'killed.db');
    const { lastReported, usedThread, signal } = await runAndKill(path, 2000);
    expect(signal).toBe('SIGKILL');
    expect(usedThread).toBe(true);

    // Before recovery: the file is consistent and the execution still says RUNNING.
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((raw.prepare('SELECT status FROM executions').get() as { status: string }).status).toBe('RUNNING');
    raw.close();

    const store = openStore({ path, writerWorker: false });
    try {
      const [execution] = store.listExecutions();
      expect(execution).toMatchObject({ status: 'INTERRUPTED', name: 'probe', error: 'Stepscope.Interrupted' });
      const events = store.loadEvents(execution.id);
      // Everything the writer had reported as committed survived: only the batch in flight is lost.
      expect(events.length).toBeGreaterThanOrEqual(lastReported);
      expect(execution.eventCount).toBe(events.length);
      // What survived is a prefix of the history: ids 1..n, each following an earlier event.
      events.forEach((e, i) => {
        expect(e.id).toBe(i + 1);
        expect(e.previousEventId).toBeLessThan(e.id);
      });
      expect(events[0].type).toBe('ExecutionStarted');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

/** Starts the probe in its `busy` mode and kills it `afterMs` after it says it is about to be busy. */
function runBusyAndKill(path: string, afterMs: number): Promise<{ signal: string | null; sawBusy: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/recordingProbe.mjs'), path, 'busy'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let sawBusy = false;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (!sawBusy && chunk.toString().includes('busy\n')) {
        sawBusy = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    // Bounded: never wait for the evaluation to end.
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve({ signal, sawBusy });
      else reject(new Error(`probe ended on its own: ${stderr}`));
    });
  });
}

describe('a writer process killed with SIGKILL while the engine is busy (issue #18 item 3)', () => {
  it('keeps every event emitted before a long synchronous evaluation, though the event loop never turned during it', async () => {
    const path = join(dir, 'busy.db');
    const { sawBusy } = await runBusyAndKill(path, 600);
    expect(sawBusy).toBe(true);
    const store = openStore({ path, writerWorker: false });
    try {
      const [execution] = store.listExecutions();
      expect(execution).toMatchObject({ status: 'INTERRUPTED', name: 'probe' });
      const events = store.loadEvents(execution.id);
      // 2 (start, Init) + 100 rounds of Count and More (4 each) + Announce's 5 Task events, then
      // the Busy state entered: the whole history up to the evaluation the process was killed in.
      expect(events.map((e) => e.type).slice(-7)).toEqual([
        'ChoiceStateExited',
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
        'PassStateEntered',
      ]);
      expect(events).toHaveLength(409);
      expect(events.at(-1)).toMatchObject({ stateEnteredEventDetails: { name: 'Busy' } });
      events.forEach((e, i) => expect(e.id).toBe(i + 1));
    } finally {
      await store.close();
    }
  });
});

