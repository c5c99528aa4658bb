import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, formatViolation, layerOf, MAX_FILE_LINES } from '../../../scripts/check-layers.mjs';

const REPO = resolve(__dirname, '../../..');
const SCRIPT = join(REPO, 'scripts/check-layers.mjs');

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A temporary source tree: path → file text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'stepscope-layers-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('check-layers', () => {
  it('names the layer of each source path', () => {
    expect(layerOf('src-main/common/json.ts')).toBe('common/json');
    expect(layerOf('src-main/common/engine/choice/evaluateChoice.ts')).toBe('common/engine');
    expect(layerOf('src-main/node/cli/main.ts')).toBe('node');
    expect(layerOf('src-main/electron/ipc.ts')).toBe('electron');
    expect(layerOf('src-preload/index.ts')).toBe('preload');
    expect(layerOf('src-renderer/app/App.tsx')).toBe('renderer');
    expect(layerOf('test/unit/x.test.ts')).toBeNull();
  });

  it('reports a wrong-way import between common folders with file:line, both layers and the rule', () => {
    const root = tree({
      'src-main/common/json.ts': 'export type Json = unknown;\n',
      'src-main/common/asl/validate.ts': "import type { Json } from '../json';\nimport { step } from '../engine/step';\nexport const v: Json = step;\n",
      'src-main/common/engine/step.ts': "export const step = 1;\n",
    });
    const violations = checkLayers(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file: 'src-main/common/asl/validate.ts', line: 2, rule: 'common-order' });
    expect(formatViolation(violations[0])).toMatch(/^src-main\/common\/asl\/validate\.ts:2 {2}\[common-order\] common\/asl → common\/engine: wrong-way import/);
  });

  it('reports a file-level import cycle with its path, type-only imports included', () => {
    const root = tree({
      'src-main/common/debug/a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n",
      'src-main/common/debug/b.ts': "\nexport type { A as B } from './a';\n",
      'src-main/common/debug/c.ts': "import type { A } from './a';\nexport type C = A;\n",
    });
    const violations = checkLayers(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file: 'src-main/common/debug/a.ts', line: 1, rule: 'cycle' });
    expect(violations[0].message).toBe(
      'import cycle of 2 file(s): src-main/common/debug/a.ts:1 → src-main/common/debug/b.ts:2 → src-main/common/debug/a.ts',
    );
  });

  it('reports platform imports in common, electron in node, node code in the renderer and a feature imported past its index.ts', () => {
    const root = tree({
      'src-main/common/engine/clock.ts': "import { performance } from 'node:perf_hooks';\nimport { select } from 'd3';\nexport const now = () => performance.now() + Number(select);\n",
      'src-main/node/store/open.ts': "import { app } from 'electron';\nexport const path = app.getPath('userData');\n",
      'src-main/electron/main.ts': "import { path } from '../node/store/open';\nexport const p = path;\n",
      'src-renderer/app/App.tsx': "import { path } from '../../src-main/node/store/open';\nimport { Table } from '../features/events/Table';\nimport { View } from '../features/events';\nexport const x = [path, Table, View];\n",
      'src-renderer/features/events/index.ts': "export { Table as View } from './Table';\n",
      'src-renderer/features/events/Table.tsx': 'export const Table = 1;\n',
    });
    const found = checkLayers(root).map((v) => `${v.file}:${v.line} ${v.rule}`);
    expect(found).toEqual([
      'src-main/common/engine/clock.ts:1 common-pure',
      'src-main/common/engine/clock.ts:2 common-pure',
      'src-main/node/store/open.ts:1 node',
      'src-renderer/app/App.tsx:1 renderer',
      'src-renderer/app/App.tsx:2 renderer-index',
    ]);
  });

  it('reports an exception whose import no longer breaks a rule as stale', () => {
    const root = tree({
      'src-renderer/viz/index.ts': "export { STATUS_STYLES } from './statusColors';\n",
      'src-renderer/viz/statusColors.ts': 'export const STATUS_STYLES = {};\n',
      'src-renderer/features/graph/nodeText.ts': "import { STATUS_STYLES } from '../../viz';\nexport const s = STATUS_STYLES;\n",
    });
    expect(checkLayers(root).map((v) => `${v.file} ${v.rule}`)).toEqual(['src-renderer/features/graph/nodeText.ts stale-exception']);
  });

  it('reports a source file over the line limit', () => {
    const root = tree({
      'src-main/common/json.ts': 'export const a = 1;\n',
      'src-main/common/engine/big.ts': 'export const b = 1;\n'.repeat(MAX_FILE_LINES + 5),
    });
    expect(checkLayers(root).map((v) => `${v.file} ${v.rule}`)).toEqual(['src-main/common/engine/big.ts file-size']);
  });

  it('passes the real source tree', () => {
    expect(checkLayers(REPO).map(formatViolation)).toEqual([]);
  });

  it('as a command, exits 1 and prints each violation on a broken tree (npm test runs it on the real one)', () => {
    const broken = tree({
      'src-main/common/history/h.ts': "import { e } from '../engine/e';\nexport const h = e;\n",
      'src-main/common/engine/e.ts': "import { h } from '../history/h';\nexport const e = 1 + h;\n",
    });
    const bad = spawnSync(process.execPath, [SCRIPT, broken], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('src-main/common/history/h.ts:1  [common-order] common/history → common/engine');
    expect(bad.stderr).toContain('[cycle] import cycle of 2 file(s)');
  });
});
