/**
 * The engine must run unchanged in Node, in Electron's main process, in a worker thread and in a
 * browser. These tests bundle src-main/common for the browser platform (which fails on any
 * node:* import), run the bundle in a bare JavaScript realm with no Node globals, and run it in a
 * worker thread.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'stepscope-portability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const definition = {
  StartAt: 'Shape',
  States: {
    Shape: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.name)", 'id.$': 'States.UUID()' }, ResultPath: '$.shape', Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 60, Next: 'Fan' },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:w', End: true } } },
      ResultPath: '$.results',
      End: true,
    },
  },
};

/** Source of a tiny program that runs the engine with a local handler and hands back the result. */
const program = `
import { runExecution } from ${JSON.stringify(join(root, 'src-main/common/engine/interpreter.ts'))};
export async function main(definition, input) {
  const invoker = { invoke: (req) => ({ kind: 'success', output: { Payload: { doubled: req.parameters * 2 } } }) };
  const r = await runExecution({ definition, input, invoker, seed: 7 });
  return JSON.stringify({ status: r.status, output: r.output, events: r.events.length, last: r.events[r.events.length - 1].type });
}
`;

async function bundle(platform: 'browser' | 'node', format: 'iife' | 'esm'): Promise<string> {
  const entry = join(dir, `entry-${platform}.ts`);
  writeFileSync(entry, program);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform,
    format,
    globalName: format === 'iife' ? 'Stepscope' : undefined,
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('engine portability', () => {
  it('bundles for the browser and runs in a realm with no Node globals', async () => {
    const code = await bundle('browser', 'iife');
    expect(code).not.toMatch(/require\(["']node:/);
    const realm: Record<string, unknown> = {};
    runInNewContext(`${code}\nglobalThis.Stepscope = Stepscope;`, realm);
    expect(runInNewContext('typeof process + typeof require', realm)).toBe('undefinedundefined');
    const main = (realm.Stepscope as { main: (d: unknown, i: unknown) => Promise<string> }).main;
    const result = JSON.parse(await main(definition, { name: 'web', items: [1, 2] }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', last: 'ExecutionSucceeded' });
    expect(result.output.shape.greeting).toBe('hello web');
    expect(result.output.results).toEqual([{ doubled: 2 }, { doubled: 4 }]);
  });

  it('matches JSONata regular expressions with RE2 (re2js) in the bare realm (issue #18, item 6)', async () => {
    const code = await bundle('browser', 'iife');
    const realm: Record<string, unknown> = {};
    runInNewContext(`${code}\nglobalThis.Stepscope = Stepscope;`, realm);
    const main = (realm.Stepscope as { main: (d: unknown, i: unknown) => Promise<string> }).main;
    const regexDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Match',
      States: { Match: { Type: 'Pass', Output: { m: '{% $match($states.input.s, /(l+)(o)/) %}', n: '{% $count($match("aaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)) %}' }, End: true } },
    };
    const result = JSON.parse(await main(regexDefinition, { s: 'héllo' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { m: { match: 'llo', index: 2, groups: ['ll', 'o'] }, n: 0 } });
  });

  it('runs in a worker thread with the same history as on the main thread', async () => {
    const code = await bundle('node', 'esm');
    const file = join(dir, 'engine.mjs');
    writeFileSync(file, code);
    const workerFile = join(dir, 'worker.mjs');
    writeFileSync(
      workerFile,
      `import { parentPort, workerData } from 'node:worker_threads';
       import { main } from ${JSON.stringify(file)};
       parentPort.postMessage(await main(workerData.definition, workerData.input));`,
    );
    const input = { name: 'worker', items: [3] };
    const fromWorker = await new Promise<string>((resolve, reject) => {
      const w = new Worker(workerFile, { workerData: { definition, input } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const { main } = (await import(file)) as { main: (d: unknown, i: unknown) => Promise<string> };
    expect(JSON.parse(fromWorker)).toEqual(JSON.parse(await main(definition, input)));
    expect(JSON.parse(fromWorker).output.results).toEqual([{ doubled: 6 }]);
  });
});
