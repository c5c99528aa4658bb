import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * How `run` and `validate` read their files and inputs (issue #18 item 9): no guessing between a
 * file name and inline JSON, strict UTF-8, regular files only, AWS's size limits before reading.
 */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const HELLO = join(ROOT, 'test/fixtures/cli/hello.json');
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

let tmp: string;

/** Runs the CLI in the temporary folder (bounded: a verb that blocks fails the test). */
function stepscope(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_DB: join(tmp, 'store.db') },
    timeout: 10_000,
  });
  expect(r.stderr ?? '').not.toMatch(STACK_LINE);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  writeFileSync(join(tmp, name), content);
  return name;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-inputs-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('--input and --input-json', () => {
  it('reads an existing file whose name starts like JSON (a digit, "-", "[", "{" or a quote): a file always wins', () => {
    for (const name of ['1-valid.json', '-dash.json', '[x].json', '{y}.json', '"q".json']) {
      file(name, '{"name":"from the file"}');
      // A value starting with "-" is given as --input=<value>, as for any option.
      const option = name.startsWith('-') ? [`--input=${name}`] : ['--input', name];
      expect(stepscope(['run', HELLO, ...option, '--no-store'])).toMatchObject({ code: 0, stdout: '{\n  "greeting": "Hello, from the file!"\n}\n' });
    }
  });

  it('takes inline JSON with --input when no such file exists, and always with --input-json', () => {
    expect(stepscope(['run', HELLO, '--input', '{"name":"inline"}', '--no-store'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Hello, inline!') });
    file('{"name":"json"}', '{"name":"a file"}');
    expect(stepscope(['run', HELLO, '--input-json', '{"name":"json"}', '--no-store'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Hello, json!') });
    expect(stepscope(['run', HELLO, '--input', '{"name":"json"}', '--no-store'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Hello, a file!') });
  });

  it('says how to give a value starting with "-" on one line', () => {
    expect(stepscope(['run', HELLO, '--input', '-dash.json', '--no-store'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'stepscope run: Option \'--input\' is followed by something that looks like an option: give a value starting with "-" as --input=<value>\nRun "stepscope run --help" for usage.\n',
    });
  });

  it('refuses both options at once, and a value that is neither a file nor JSON', () => {
    expect(stepscope(['run', HELLO, '--input', '{}', '--input-json', '{}', '--no-store'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Give the input once') });
    expect(stepscope(['run', HELLO, '--input', 'missing.json', '--no-store'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Cannot read input "missing.json": no such file, and it is not inline JSON either (use --input-json for inline JSON)\n',
    });
  });
});

describe('file contents', () => {
  it('refuses a file that is not UTF-8, naming the file and the byte offset', () => {
    file('latin1.json', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])); // {"name":"é"} in Latin-1
    expect(stepscope(['run', HELLO, '--input', 'latin1.json', '--no-store'])).toEqual({ code: 2, stdout: '', stderr: 'Cannot read input "latin1.json": it is not UTF-8 text (byte 0xe9 at byte offset 9)\n' });
    file('def-latin1.json', Buffer.concat([Buffer.from('{"Comment":"'), Buffer.from([0xff]), Buffer.from('","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}')]));
    expect(stepscope(['validate', 'def-latin1.json'])).toEqual({ code: 2, stdout: '', stderr: 'Cannot read definition "def-latin1.json": it is not UTF-8 text (byte 0xff at byte offset 12)\n' });
  });

  it('refuses NUL bytes and binary data in a .json file instead of running with a string input', () => {
    file('nul.json', '{"name":"a\u0000b"}');
    expect(stepscope(['run', HELLO, '--input', 'nul.json', '--no-store'])).toEqual({ code: 2, stdout: '', stderr: 'Cannot read input "nul.json": it is not a text file (a NUL byte at byte offset 10)\n' });
    file('image.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(stepscope(['run', HELLO, '--input', 'image.json', '--no-store'])).toMatchObject({ code: 2, stderr: 'Cannot read input "image.json": it is not UTF-8 text (byte 0x89 at byte offset 0)\n' });
    file('words.json', 'just some words\n');
    const words = stepscope(['run', HELLO, '--input', 'words.json', '--no-store']);
    expect(words.code).toBe(2);
    expect(words.stderr).toMatch(/^Invalid input: words\.json is not valid JSON\nwords\.json:1:\d+: /);
  });

  it('refuses a FIFO for every file it reads, without waiting for a writer', () => {
    execFileSync('mkfifo', [join(tmp, 'pipe.json')]);
    const message = (what: string) => `Cannot read ${what} "pipe.json": it is a FIFO (named pipe); only regular files are read\n`;
    expect(stepscope(['validate', 'pipe.json'])).toEqual({ code: 2, stdout: '', stderr: message('definition') });
    expect(stepscope(['run', 'pipe.json', '--no-store'])).toEqual({ code: 2, stdout: '', stderr: message('definition') });
    expect(stepscope(['run', HELLO, '--input', 'pipe.json', '--no-store'])).toEqual({ code: 2, stdout: '', stderr: message('input') });
    expect(stepscope(['run', HELLO, '--mock-config', 'pipe.json', '--no-store'])).toEqual({ code: 2, stdout: '', stderr: message('mock config') });
    expect(stepscope(['import', 'pipe.json'])).toEqual({ code: 2, stdout: '', stderr: `Nothing was imported:\n${message('file')}` });
  });
});

describe("AWS's size limits", () => {
  it('refuses a definition over 1 MB (1,048,576 bytes) in validate and run', () => {
    const big = { StartAt: 'A', Comment: 'x'.repeat(1_048_576), States: { A: { Type: 'Pass', End: true } } };
    file('big-definition.json', JSON.stringify(big));
    const message = 'Definition "big-definition.json" is too large: 1,048,646 bytes, and AWS accepts state machine definitions of at most 1 MB (1,048,576 bytes)\n';
    expect(stepscope(['validate', 'big-definition.json'])).toEqual({ code: 2, stdout: '', stderr: message });
    expect(stepscope(['run', 'big-definition.json', '--no-store'])).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('refuses an input over 256 KiB before running, recording nothing', () => {
    file('big-input.json', JSON.stringify({ name: 'x'.repeat(262_144) }));
    expect(stepscope(['run', HELLO, '--input', 'big-input.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Input "big-input.json" is too large: 262,155 bytes, and AWS accepts execution inputs of at most 256 KiB (262,144 bytes)\n',
    });
    // Inline JSON that large cannot be passed on a Linux command line (128 KiB per argument): see
    // readExecutionInput's unit test.
    expect(existsSync(join(tmp, 'store.db'))).toBe(false);
    // Exactly at the limit is accepted.
    file('at-limit.json', JSON.stringify({ name: 'a', pad: 'z'.repeat(262_144 - 21) }));
    expect(stepscope(['run', HELLO, '--input', 'at-limit.json', '--no-store']).code).toBe(0);
  });
});
