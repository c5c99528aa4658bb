/**
 * The inspector's part of `npm run bench` (issue #6): a 25,000-event execution opened in the
 * browser-served UI (`stepscope serve`), driven by Playwright in Debian's Chromium.
 *
 * - **Open → interactive** (target < 1 s): from the click on "Open execution …" in the execution
 *   list until the inspector is usable: the player shows the last event, the graph has drawn its
 *   states, the event table has rows, and a click on the player's "First event" has moved the
 *   cursor (the text says "Event 1 of 25000"). Measured inside the page with `performance.now()`.
 * - **Frame time while scrubbing** (target: median < 16 ms): the cursor is moved once per
 *   animation frame (→ keys, then pointer drags on the timeline), and each frame's main-thread work
 *   is timed: from the input event through React's render and commit, the canvas drawing and a
 *   forced style recalculation and layout. Paint and the compositor's commit are not in it (on a
 *   loaded machine they mostly wait for other threads); the intervals between animation frames are
 *   reported too (16.7 ms means no frame was dropped), and --trace breaks a scrub down by trace event.
 *
 * Usage: node test/bench/uiBench.mjs [--no-build] [--frames N] [--json out.json] [--profile] [--trace]
 *        [--screenshot page.png]
 * (--trace prints the main thread's time by trace event while scrubbing with keys; --profile prints the functions with the most self time in each phase, from a CPU profile.)
 * Needs the CLI built (dist/cli.mjs; `npm run build:cli`) and a Chromium (found as the browser
 * tests find it: scripts/findChromium.mjs). Builds the browser UI (`npm run build:ui`) unless --no-build.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../../scripts/findChromium.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BROWSER = findChromium();
const OPEN_TARGET_MS = 1000;
const FRAME_TARGET_MS = 16;

/** 25,000 events (AWS's history quota): a Pass/Choice loop of 6,249 turns carrying a payload. */
const LOOP_25K = {
  Comment: 'uiBench: 25,000 events',
  StartAt: 'Count',
  States: {
    Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'payload.$': '$.payload' }, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 6249, Next: 'Count' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return q === 0.5 && s.length % 2 === 0 ? (s[s.length / 2 - 1] + s[s.length / 2]) / 2 : s[i];
}

function startServe(db) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stepscope serve exited with ${code} before printing its URL`)));
    createInterface({ input: child.stdout }).once('line', (url) => resolve({ url, child }));
  });
}

/** In the page: resolves once `check()` is true, polling once per animation frame. */
const IN_PAGE_HELPERS = `
  window.__waitFor = (check, what, timeout = 30000) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const poll = () => {
      let ok = false;
      try { ok = check(); } catch {}
      if (ok) return resolve(performance.now());
      if (performance.now() - t0 > timeout) return reject(new Error('timed out waiting for ' + what));
      requestAnimationFrame(poll);
    };
    poll();
  });
  window.__region = (name) => document.querySelector('[aria-label="' + name + '"]');
  window.__position = () => document.querySelector('.player-position')?.textContent ?? '';
  // React renders the store updates of a native event in a microtask: a few awaited microtasks later, it has committed.
  window.__settle = async () => { for (let i = 0; i < 8; i++) await Promise.resolve(); };
`;

/** Prints the 15 functions with the most self time of a CDP CPU profile. */
function printProfile(what, profile) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`\nCPU profile, ${what}: self time (ms)`);
  for (const [k, ms] of top) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
}

/** Prints where the renderer's main thread spent the → key scrub (a Chromium trace), by event name. */
function printTrace(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const total = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || (main && (e.pid !== main.pid || e.tid !== main.tid))) continue;
    total.set(e.name, (total.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  console.log('\nTrace of the → key scrub, renderer main thread: total duration by event (ms, nested events overlap)');
  for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
}

async function main() {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const frames = Number(args[args.indexOf('--frames') + 1]) || 240;
  const profile = args.includes('--profile');
  const trace = args.includes('--trace');
  const screenshot = args.includes('--screenshot') ? args[args.indexOf('--screenshot') + 1] : undefined;
  const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  if ('missing' in BROWSER) throw new Error(BROWSER.missing);
  if (!existsSync(join(ROOT, 'dist/cli.mjs'))) throw new Error('dist/cli.mjs is missing: run `npm run build:cli`');
  if (build) execFileSync(process.execPath, [join(ROOT, 'scripts/build-ui.mjs')], { cwd: ROOT, stdio: 'pipe' });

  const dir = mkdtempSync(join(tmpdir(), 'stepscope-uibench-'));
  const db = join(dir, 'stepscope.db');
  let serve;
  let browser;
  try {
    writeFileSync(join(dir, 'loop.json'), JSON.stringify(LOOP_25K));
    execFileSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'run', join(dir, 'loop.json'), '--input', JSON.stringify({ n: 0, payload: 'x'.repeat(120) }), '--db', db], { stdio: 'pipe' });
    serve = await startServe(db);
    browser = await chromium.launch({
      ...(BROWSER.executablePath !== undefined ? { executablePath: BROWSER.executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(serve.url);
    await page.getByRole('button', { name: /^Open execution / }).first().waitFor();
    await page.evaluate(IN_PAGE_HELPERS);

    const cdp = profile ? await page.context().newCDPSession(page) : undefined;
    const startProfile = async () => {
      if (!cdp) return;
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    };
    const stopProfile = async (what) => {
      if (!cdp) return;
      const { profile: p } = await cdp.send('Profiler.stop');
      printProfile(what, p);
    };
    // Open → interactive, timed in the page.
    await startProfile();
    const open = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('button[aria-label^="Open execution"]').click();
      const shown = await window.__waitFor(() => /^Event 25000 of 25000/.test(window.__position()), 'the player at the last event');
      const graph = await window.__waitFor(() => window.__region('Graph')?.querySelector('[aria-label^="State Count,"]') != null, 'the graph');
      const table = await window.__waitFor(() => window.__region('Event table')?.querySelectorAll('[role=row]').length > 2, 'the event table');
      const first = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('First event'));
      first.click();
      const interactive = await window.__waitFor(() => /^Event 1 of 25000/.test(window.__position()), 'the player to answer "First event"');
      const api = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && e.name.includes('/api/'));
      const eventsRead = Math.max(0, ...api.filter((e) => e.name.includes('executions.events')).map((e) => e.responseEnd)) - t0;
      return { eventsRead, shown: shown - t0, graph: graph - t0, table: table - t0, interactive: interactive - t0 };
    });

    await stopProfile('open');

    // Scrubbing: one cursor move per animation frame; each frame's work timed up to a forced layout.
    const scrub = async (mode) =>
      page.evaluate(
        async ({ mode, frames }) => {
          const work = [];
          const intervals = [];
          let stale = 0;
          const svg = document.querySelector('[role=img][aria-label^="Timeline of"]');
          const box = svg.getBoundingClientRect();
          const left = box.left + 160;
          const right = box.right - 20;
          const y = box.top + 8;
          if (mode === 'drag') svg.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: left, clientY: y, pointerId: 1, isPrimary: true }));
          let last = 0;
          await new Promise((resolve) => {
            let i = 0;
            const frame = async (ts) => {
              if (last) intervals.push(ts - last);
              last = ts;
              const t0 = performance.now();
              if (mode === 'keys') document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
              else svg.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: left + ((right - left) * (i + 1)) / frames, clientY: y, pointerId: 1, isPrimary: true }));
              const before = window.__position();
              await window.__settle();
              // The frame only counts as measured if the player's text already shows the move.
              if (window.__position() === before) stale++;
              document.body.getBoundingClientRect();
              void document.body.offsetHeight;
              work.push(performance.now() - t0);
              if (++i < frames) requestAnimationFrame(frame);
              else resolve();
            };
            requestAnimationFrame(frame);
          });
          if (mode === 'drag') svg.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: right, clientY: y, pointerId: 1, isPrimary: true }));
          return { work, intervals, stale, position: window.__position() };
        },
        { mode, frames },
      );
    if (process.env.UIBENCH_HIDE) {
      // Diagnosis only: hides the elements a CSS selector matches, to see what a part of the page costs.
      await page.addStyleTag({ content: `${process.env.UIBENCH_HIDE} { display: none !important; }` });
    }
    if (process.env.UIBENCH_DROP_BIG_SELECTS) {
      // Diagnosis only: empties selects with thousands of options that other panels render.
      await page.evaluate(() => document.querySelectorAll('select').forEach((s) => s.options.length > 1000 && s.replaceChildren()));
    }
    // Keys from the middle of the history (the costly half for prefix projections).
    await page.evaluate(() => {
      const slider = document.querySelector('input[aria-label="Playhead"]');
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      set.call(slider, '12500');
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => /^Event 12501 of/.test(window.__position()));
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await startProfile();
    const keys = await scrub('keys');
    await stopProfile('keys');
    if (trace) printTrace(JSON.parse((await browser.stopTracing()).toString('utf8')));
    await startProfile();
    const drag = await scrub('drag');
    await stopProfile('drag');
    if (screenshot) {
      await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State Count,/ }).click();
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    for (const [name, r] of [['keys', keys], ['drag', drag]]) {
      if (r.stale > 0) console.warn(`uiBench: ${r.stale} ${name} frames were timed before the page showed the move: the frame times are too low`);
    }
    const frameWork = [...keys.work, ...drag.work];
    const intervals = [...keys.intervals, ...drag.intervals];

    const rows = [
      { metric: 'open → interactive (ms)', value: open.interactive, target: `< ${OPEN_TARGET_MS}`, met: open.interactive < OPEN_TARGET_MS },
      { metric: '  events read from the host (ms)', value: open.eventsRead },
      { metric: '  player at last event (ms)', value: open.shown },
      { metric: '  graph drawn (ms)', value: open.graph },
      { metric: '  event table rows (ms)', value: open.table },
      { metric: 'scrub frame work, median (ms)', value: quantile(frameWork, 0.5), target: `< ${FRAME_TARGET_MS}`, met: quantile(frameWork, 0.5) < FRAME_TARGET_MS },
      { metric: 'scrub frame work, p95 (ms)', value: quantile(frameWork, 0.95) },
      { metric: '  → keys: median / p95 (ms)', value: quantile(keys.work, 0.5), extra: quantile(keys.work, 0.95) },
      { metric: '  timeline drag: median / p95 (ms)', value: quantile(drag.work, 0.5), extra: quantile(drag.work, 0.95) },
      { metric: 'frame interval, median / p95 (ms)', value: quantile(intervals, 0.5), extra: quantile(intervals, 0.95) },
    ];
    console.log(`\nInspector (browser host, Chromium ${browser.version()}): one 25,000-event execution, ${frames} frames per scrub mode\n`);
    console.log('| metric | value | target | status |');
    console.log('|---|---|---|---|');
    for (const r of rows) {
      const v = r.extra !== undefined ? `${r.value.toFixed(1)} / ${r.extra.toFixed(1)}` : r.value.toFixed(1);
      console.log(`| ${r.metric} | ${v} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'met' : '**NOT MET**'} |`);
    }
    if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ open, keys, drag }, null, 2));
  } finally {
    await browser?.close();
    if (serve) {
      const exited = new Promise((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('uiBench failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
