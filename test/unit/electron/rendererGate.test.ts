import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/node/service/dispatch';
import { createRendererGate, rearmOnPageChange } from '../../../src-main/electron/rendererGate';
import { createService } from '../../../src-main/node/service';
import { openStore } from '../../../src-main/node/store';

/** A fake page: Electron's WebContents is an EventEmitter with these events. */
function fakePage() {
  const page = new EventEmitter();
  return {
    page,
    reload: () => page.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: 'file:///index.html' }),
  };
}

function gateWithLog() {
  const delivered: string[] = [];
  const gate = createRendererGate<string>((path) => delivered.push(path));
  return { gate, delivered };
}

describe('renderer gate', () => {
  it('delivers a file offered before the page is ready once, when the page says it is ready', () => {
    const { gate, delivered } = gateWithLog();
    gate.offer('/tmp/flow.asl.json');
    expect(delivered).toEqual([]);
    expect(gate.waiting).toBe(1);
    gate.ready();
    expect(delivered).toEqual(['/tmp/flow.asl.json']);
    gate.ready();
    expect(delivered).toEqual(['/tmp/flow.asl.json']);
    expect(gate.waiting).toBe(0);
  });

  it('delivers two waiting files in the order they were offered', () => {
    const { gate, delivered } = gateWithLog();
    gate.offer('/a/first.json');
    gate.offer('/a/second.yaml');
    gate.ready();
    expect(delivered).toEqual(['/a/first.json', '/a/second.yaml']);
  });

  it('lets a file offered after ready straight through', () => {
    const { gate, delivered } = gateWithLog();
    gate.ready();
    gate.offer('/a/later.json');
    expect(delivered).toEqual(['/a/later.json']);
    expect(gate.isReady).toBe(true);
  });

  it('keeps files again after a reset until the next ready', () => {
    const { gate, delivered } = gateWithLog();
    gate.ready();
    gate.offer('/a/one.json');
    gate.reset();
    gate.offer('/a/two.json');
    expect(delivered).toEqual(['/a/one.json']);
    gate.ready();
    expect(delivered).toEqual(['/a/one.json', '/a/two.json']);
  });

  it('still delivers the files after one whose delivery throws, then reports the error', () => {
    const delivered: string[] = [];
    const gate = createRendererGate<string>((path) => {
      if (path === 'bad') throw new Error('store is read-only');
      delivered.push(path);
    });
    gate.offer('bad');
    gate.offer('good');
    expect(() => gate.ready()).toThrow('store is read-only');
    expect(delivered).toEqual(['good']);
    expect(gate.isReady).toBe(true);
  });
});

describe('rearmOnPageChange', () => {
  it('re-arms the gate when the page reloads: a file opened during the reload waits for the new page', () => {
    const { gate, delivered } = gateWithLog();
    const { page, reload } = fakePage();
    rearmOnPageChange(page, gate);
    gate.ready();
    reload();
    gate.offer('/a/during-reload.json');
    expect(delivered).toEqual([]);
    gate.ready();
    expect(delivered).toEqual(['/a/during-reload.json']);
  });

  it('ignores same-document and sub-frame navigations', () => {
    const { gate } = gateWithLog();
    const { page } = fakePage();
    rearmOnPageChange(page, gate);
    gate.ready();
    page.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    page.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(gate.isReady).toBe(true);
  });

  it('re-arms when the renderer process is gone or the page is destroyed, and the disposer stops it', () => {
    const { gate } = gateWithLog();
    const { page, reload } = fakePage();
    const dispose = rearmOnPageChange(page, gate);
    gate.ready();
    page.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(gate.isReady).toBe(false);
    gate.ready();
    page.emit('destroyed');
    expect(gate.isReady).toBe(false);
    gate.ready();
    dispose();
    reload();
    expect(gate.isReady).toBe(true);
    expect(page.listenerCount('did-start-navigation')).toBe(0);
  });
});

describe('app.ready through the contract', () => {
  it('tells the shell the page is ready, once per call, after validating the input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-ready-'));
    const store = openStore({ path: join(dir, 'ready.db'), writerWorker: false });
    const { gate, delivered } = gateWithLog();
    const service = createService({ examplesDir: join(dir, 'none'), store, onAppReady: () => gate.ready() });
    try {
      gate.offer('/a/startup.json');
      expect(await dispatch(service, 'app.ready', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(delivered).toEqual([]);
      expect(await dispatch(service, 'app.ready', {})).toEqual({ ok: true, value: null });
      expect(delivered).toEqual(['/a/startup.json']);
    } finally {
      await service.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
