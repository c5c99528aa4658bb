#!/usr/bin/env node
/**
 * Measures Stepscope on public AWS sample workflows (issue #12): each sample named in
 * test/fixtures/samples/manifest.json is opened with the CLI as a user would — `stepscope validate`,
 * then `stepscope run` with no mock file (generated responses) and input `{}` — and the share that
 * validates and the share that runs to an end are reported.
 *
 * A run "works" when it ends without a Stepscope error: SUCCEEDED, or FAILED/TIMED_OUT with the
 * workflow's own error (a Fail state, a States.* runtime error AWS would raise for that input), never
 * a Stepscope.* error, a refusal (exit 2), a crash or a hang.
 *
 * The sample files are third-party code and are not kept in this repository: the manifest names each
 * by repository, path and commit (and its licence). `--fetch` downloads the missing ones from GitHub
 * at those commits; `--root` points at a copy elsewhere.
 *
 *   npm run samples                          # measure (files under test/fixtures/samples/files)
 *   npm run samples -- --fetch               # download missing files first
 *   npm run samples -- --root ~/samples --json out/samples.json
 *
 * Exit codes: 0 targets met (≥ 95% validate, ≥ 90% run), 1 targets missed, 2 no sample files / bad usage.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST = join(ROOT, 'test/fixtures/samples/manifest.json');
export const DEFAULT_FILES = join(ROOT, 'test/fixtures/samples/files');
/** Objects some samples' Distributed Maps read (written for Stepscope), given as --s3-root. */
const S3_FOLDER = join(ROOT, 'test/fixtures/samples/s3');
const CLI = join(ROOT, 'dist/cli.mjs');
export const TARGETS = { validate: 0.95, run: 0.9 };
const RUN_TIMEOUT_MS = 120_000;

/** The manifest's samples; one entry per state machine of a template that names several. */
export function readManifest(file = MANIFEST) {
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const entries = [];
  for (const sample of manifest.samples) {
    const machines = sample.stateMachines ?? [undefined];
    for (const stateMachine of machines) entries.push({ ...sample, stateMachine });
  }
  return entries;
}

function cli(args, timeout) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.error?.code === 'ETIMEDOUT' };
}

const lastLine = (text) => text.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';

/** Validates and runs one sample file; the outcome of each. */
export function measureOne(file, entry) {
  const args = (entry.args ?? []).map((a) => a.replaceAll('{s3}', S3_FOLDER));
  const common = [...(entry.stateMachine !== undefined ? ['--state-machine', entry.stateMachine] : []), ...args];
  const v = cli(['validate', file, ...common], RUN_TIMEOUT_MS);
  const validate = v.status === 0 ? { ok: true } : { ok: false, reason: lastLine(v.stderr) || lastLine(v.stdout) || `exit ${v.status}` };
  const dir = mkdtempSync(join(tmpdir(), 'stepscope-samples-'));
  try {
    const history = join(dir, 'history.json');
    const r = cli(['run', file, '--no-store', '--input-json', JSON.stringify(entry.input ?? {}), '--history', history, ...common], RUN_TIMEOUT_MS);
    let run;
    if (r.timedOut || r.signal !== null) run = { ok: false, status: 'HANG', reason: `no end within ${RUN_TIMEOUT_MS / 1000} s` };
    else if (r.status === 0) run = { ok: true, status: 'SUCCEEDED' };
    else if (r.status === 1 && existsSync(history)) {
      const events = JSON.parse(readFileSync(history, 'utf8'));
      const last = events[events.length - 1] ?? {};
      const details = last.executionFailedEventDetails ?? last.executionTimedOutEventDetails ?? last.executionAbortedEventDetails ?? {};
      const status = last.type === 'ExecutionFailed' ? 'FAILED' : last.type === 'ExecutionTimedOut' ? 'TIMED_OUT' : last.type === 'ExecutionAborted' ? 'ABORTED' : String(last.type);
      const error = details.error ?? '';
      run = error.startsWith('Stepscope.') || status === 'ABORTED'
        ? { ok: false, status, error, reason: `${error}: ${details.cause ?? ''}` }
        : { ok: true, status, error, cause: details.cause ?? '' };
    } else run = { ok: false, status: `exit ${r.status}`, reason: lastLine(r.stderr) || lastLine(r.stdout) };
    return { validate, run };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Downloads the manifest's files that `root` lacks, from GitHub at the recorded commits. */
async function fetchMissing(entries, root) {
  for (const e of entries) {
    const file = join(root, e.repo, e.path);
    if (existsSync(file)) continue;
    const url = `https://raw.githubusercontent.com/${e.repo}/${e.commit}/${e.path}`;
    const res = await fetch(url);
    if (!res.ok) {
      console.error(`cannot fetch ${url}: HTTP ${res.status}`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await res.text());
  }
}

/** Measures every sample present under `root`; the per-sample results and the totals. */
export function measureAll(entries, root, onResult = () => {}) {
  const results = [];
  for (const entry of entries) {
    const file = join(root, entry.repo, entry.path);
    if (!existsSync(file)) {
      results.push({ entry, missing: true });
      continue;
    }
    const result = { entry, ...measureOne(file, entry) };
    results.push(result);
    onResult(result);
  }
  const present = results.filter((r) => !r.missing);
  const validated = present.filter((r) => r.validate.ok).length;
  const ran = present.filter((r) => r.run.ok).length;
  return {
    results,
    totals: {
      samples: entries.length,
      present: present.length,
      validated,
      ran,
      validatePercent: present.length === 0 ? 0 : (100 * validated) / present.length,
      runPercent: present.length === 0 ? 0 : (100 * ran) / present.length,
      succeeded: present.filter((r) => r.run.status === 'SUCCEEDED').length,
    },
  };
}

function label(entry) {
  return `${entry.repo.replace(/^aws-samples\//, '')}/${entry.path}${entry.stateMachine !== undefined ? `#${entry.stateMachine}` : ''}`;
}

async function main(argv) {
  let root = process.env.STEPSCOPE_SAMPLES ?? DEFAULT_FILES;
  let json;
  let fetchFirst = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--root') root = resolve(argv[++i] ?? '');
    else if (a === '--json') json = resolve(argv[++i] ?? '');
    else if (a === '--fetch') fetchFirst = true;
    else if (a === '-h' || a === '--help') {
      console.log('Usage: npm run samples -- [--root <dir>] [--fetch] [--json <file>]');
      return 0;
    } else {
      console.error(`unknown option ${a} (see --help)`);
      return 2;
    }
  }
  if (!existsSync(CLI)) {
    console.error('dist/cli.mjs is missing: run "npm run build:cli" first');
    return 2;
  }
  const entries = readManifest();
  if (fetchFirst) await fetchMissing(entries, root);
  const { results, totals } = measureAll(entries, root, (r) => {
    const v = r.validate.ok ? 'valid  ' : 'INVALID';
    const run = r.run.ok ? `${r.run.status}${r.run.error ? ` (${r.run.error})` : ''}` : `NOT RUN: ${r.run.status} ${r.run.reason ?? ''}`;
    console.log(`${v}  ${run.padEnd(40).slice(0, 90)}  ${label(r.entry)}`);
    if (!r.validate.ok) console.log(`         validate: ${r.validate.reason}`);
    if (r.entry.known !== undefined) console.log(`         known: ${r.entry.known}`);
  });
  if (totals.present === 0) {
    console.error(`No sample files under ${root}: run "npm run samples -- --fetch" (needs access to GitHub) or give --root <copy>.`);
    return 2;
  }
  const pct = (n) => `${n.toFixed(1)}%`;
  console.log('');
  console.log(`${totals.present} of ${totals.samples} samples present under ${root}`);
  console.log(`validate: ${totals.validated}/${totals.present} = ${pct(totals.validatePercent)} (target ${TARGETS.validate * 100}%)`);
  console.log(`run:      ${totals.ran}/${totals.present} = ${pct(totals.runPercent)} (target ${TARGETS.run * 100}%); ${totals.succeeded} SUCCEEDED, the others ended on the workflow's own error`);
  if (json !== undefined) {
    mkdirSync(dirname(json), { recursive: true });
    writeFileSync(json, `${JSON.stringify({ totals, results }, null, 2)}\n`);
  }
  return totals.validatePercent >= TARGETS.validate * 100 && totals.runPercent >= TARGETS.run * 100 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
