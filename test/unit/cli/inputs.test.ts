import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../../../src-main/node/cli/errors';
import { decodeText } from '../../../src-main/node/cli/files';
import { INPUT_LIMIT, readExecutionInput } from '../../../src-main/node/cli/inputs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-inputs-unit-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readExecutionInput (issue #18 item 9)', () => {
  it('reads an existing file before trying inline JSON, and inline JSON otherwise', () => {
    writeFileSync(join(dir, '1.json'), '{"from":"file"}');
    expect(readExecutionInput(dir, { input: '1.json' })).toEqual({ from: 'file' });
    expect(readExecutionInput(dir, { input: '1' })).toBe(1);
    expect(readExecutionInput(dir, { inputJson: '"1.json"' })).toBe('1.json');
    expect(readExecutionInput(dir, {})).toBeUndefined();
    expect(() => readExecutionInput(dir, { input: '{}', inputJson: '{}' })).toThrow(UsageError);
  });

  it('refuses inline JSON over 256 KiB', () => {
    const big = JSON.stringify({ a: 'x'.repeat(INPUT_LIMIT.bytes) });
    expect(() => readExecutionInput(dir, { inputJson: big })).toThrow(/^--input-json is too large: 262,152 bytes, and AWS accepts execution inputs of at most 256 KiB \(262,144 bytes\)$/);
  });

  it('refuses a YAML input whose JSON is over 256 KiB', () => {
    // 150 KB of file, 300 KB of JSON: each quote inside a single-quoted YAML string is escaped in JSON.
    writeFileSync(join(dir, 'in.yaml'), `a: '${'"'.repeat(150_000)}'\n`);
    expect(() => readExecutionInput(dir, { input: 'in.yaml' })).toThrow(/^stepscope run: AWS would refuse this execution input \(InvalidExecutionInput\): The execution input is 300\d{3} bytes \(UTF-8\), over the maximum of 262144 bytes\.$/);
  });
});

describe('decodeText', () => {
  it('accepts UTF-8 and reports the first bad byte: an overlong form, a surrogate, a truncated sequence', () => {
    expect(decodeText(Buffer.from('héllo ✓ 𝄞'), 'x')).toBe('héllo ✓ 𝄞');
    expect(() => decodeText(Buffer.from([0x61, 0xc0, 0x80]), 'x')).toThrow(new CliError('Cannot read x: it is not UTF-8 text (byte 0xc0 at byte offset 1)'));
    expect(() => decodeText(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]), 'x')).toThrow(/byte 0xed at byte offset 2/);
    expect(() => decodeText(Buffer.from([0x61, 0xe2, 0x9c]), 'x')).toThrow(/byte 0xe2 at byte offset 1/);
  });
});
