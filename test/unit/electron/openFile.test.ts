import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Push } from '../../../src-main/common/contract/events';
import { detectFileKind, fileFromArgv, MAX_OPEN_FILE_BYTES, openFileAt, type OpenFileDeps } from '../../../src-main/electron/openFile';

const examples = join(__dirname, '../../../resources/examples/choice-loop');
const definitionText = readFileSync(join(examples, 'definition.json'), 'utf8');
const mocksText = readFileSync(join(examples, 'mocks.json'), 'utf8');
const events = [
  { id: 1, previousEventId: 0, timestamp: 1700000000, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::1:role/r' } },
  { id: 2, previousEventId: 1, timestamp: 1700000001, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
];
const bundle = {
  stepscopeBundle: 1,
  execution: { name: 'e', executionArn: 'arn:e', stateMachineName: 'm', stateMachineArn: 'arn:m', status: 'SUCCEEDED' },
  definition: JSON.parse(definitionText),
  events,
};

describe('detectFileKind', () => {
  it('recognises a definition in JSON and in YAML', () => {
    expect(detectFileKind('definition.json', definitionText)).toBe('definition');
    expect(detectFileKind('flow.yaml', 'StartAt: A\nStates:\n  A:\n    Type: Succeed\n')).toBe('definition');
    expect(detectFileKind('flow.asl', '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}')).toBe('definition');
  });

  it('recognises get-execution-history output and a bare event list as a history', () => {
    expect(detectFileKind('history.json', JSON.stringify({ events }))).toBe('history');
    expect(detectFileKind('history.json', JSON.stringify(events))).toBe('history');
    expect(detectFileKind('describe.json', JSON.stringify({ executionArn: 'arn:e', status: 'SUCCEEDED' }))).toBe('history');
  });

  it('recognises a Stepscope bundle', () => {
    expect(detectFileKind('run.bundle.json', JSON.stringify(bundle))).toBe('bundle');
  });

  it('recognises a mock config, even one with mistakes', () => {
    expect(detectFileKind('mocks.json', mocksText)).toBe('mocks');
    expect(detectFileKind('mocks.json', '{"StateMachines": {}, "MockedResponses": 3}')).toBe('mocks');
  });

  it('treats text that does not parse, or is nothing known, as a definition for the editor to diagnose', () => {
    expect(detectFileKind('broken.json', '{"StartAt": ')).toBe('definition');
    expect(detectFileKind('other.json', '{"hello": 1}')).toBe('definition');
    expect(detectFileKind('empty.yaml', '')).toBe('definition');
  });
});

describe('fileFromArgv', () => {
  it('takes the last file argument after the executable of a packaged app', () => {
    expect(fileFromArgv(['/Applications/Stepscope', '--flag', 'a.json', 'b.yaml'], true)).toBe('b.yaml');
    expect(fileFromArgv(['stepscope.exe', 'C:\\work\\flow.ASL'], true)).toBe('C:\\work\\flow.ASL');
  });

  it('skips the app path when run through electron, and switches', () => {
    expect(fileFromArgv(['electron', 'out/main/index.js'], false)).toBeUndefined();
    expect(fileFromArgv(['electron', '.', '--inspect', 'flow.json'], false)).toBe('flow.json');
    expect(fileFromArgv(['stepscope', '--log=x.json'], true)).toBeUndefined();
  });

  it('ignores arguments that are not openable files', () => {
    expect(fileFromArgv(['stepscope', 'readme.txt'], true)).toBeUndefined();
  });
});

describe('openFileAt', () => {
  function deps(files: Record<string, string>): OpenFileDeps & { pushes: Push[]; recent: [string, string][]; errors: [string, string][] } {
    const pushes: Push[] = [];
    const recent: [string, string][] = [];
    const errors: [string, string][] = [];
    return {
      pushes,
      recent,
      errors,
      size: (p) => {
        if (!(p in files)) throw new Error(`ENOENT: no such file or directory, stat '${p}'`);
        return files[p].length;
      },
      readText: (p) => files[p],
      touchRecent: (p, kind) => recent.push([p, kind]),
      push: (push) => pushes.push(push),
      showError: (title, message) => errors.push([title, message]),
    };
  }

  it('pushes the file with its detected kind and remembers it as recent', () => {
    const d = deps({ '/work/flows/definition.json': definitionText, 'C:\\m\\mocks.json': mocksText });
    expect(openFileAt('/work/flows/definition.json', d)).toEqual({ ok: true, kind: 'definition' });
    expect(openFileAt('C:\\m\\mocks.json', d)).toEqual({ ok: true, kind: 'mocks' });
    expect(d.pushes).toEqual([
      { type: 'app.openRequested', payload: { kind: 'definition', name: 'definition.json', text: definitionText, path: '/work/flows/definition.json' } },
      { type: 'app.openRequested', payload: { kind: 'mocks', name: 'mocks.json', text: mocksText, path: 'C:\\m\\mocks.json' } },
    ]);
    expect(d.recent).toEqual([
      ['/work/flows/definition.json', 'definition'],
      ['C:\\m\\mocks.json', 'mocks'],
    ]);
    expect(d.errors).toEqual([]);
  });

  it('reports a missing file with its reason, pushes nothing and records nothing', () => {
    const d = deps({});
    const outcome = openFileAt('/gone/flow.json', d);
    expect(outcome).toEqual({ ok: false, message: "ENOENT: no such file or directory, stat '/gone/flow.json'" });
    expect(d.errors).toEqual([['Stepscope cannot open flow.json', "/gone/flow.json\n\nENOENT: no such file or directory, stat '/gone/flow.json'"]]);
    expect(d.pushes).toEqual([]);
    expect(d.recent).toEqual([]);
  });

  it('refuses a file larger than the import limit without reading it', () => {
    const d = deps({});
    d.size = () => MAX_OPEN_FILE_BYTES + 1;
    d.readText = () => {
      throw new Error('read');
    };
    const outcome = openFileAt('/big.json', d);
    expect(outcome.ok).toBe(false);
    expect(d.errors[0][1]).toMatch(/opens files up to 48 MB/);
  });
});
