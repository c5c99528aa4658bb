import { describe, expect, it } from 'vitest';
import { IntrinsicSyntaxError, parseIntrinsic } from '../../../../src-main/common/engine/intrinsics/parseIntrinsic';

describe('parseIntrinsic', () => {
  it('parses literals, paths and nested calls', () => {
    const call = parseIntrinsic("States.Format('{} and {}', $.a[?(@.x, 1)], States.Array(1, -2.5, true, false, null), $$.Execution.Id)");
    expect(call.name).toBe('States.Format');
    expect(call.args.map((a) => a.kind)).toEqual(['string', 'path', 'call', 'path']);
    expect(call.args[1]).toEqual({ kind: 'path', path: '$.a[?(@.x, 1)]' });
    const nested = call.args[2];
    expect(nested.kind === 'call' && nested.call.args).toEqual([
      { kind: 'number', value: 1 },
      { kind: 'number', value: -2.5 },
      { kind: 'boolean', value: true },
      { kind: 'boolean', value: false },
      { kind: 'null' },
    ]);
  });

  it('splits string literals at unescaped {} only', () => {
    const call = parseIntrinsic("States.Format('a{}b\\{\\}c{}')");
    expect(call.args[0]).toEqual({ kind: 'string', value: 'a{}b{}c{}', formatParts: ['a', 'b{}c', ''] });
  });

  it('decodes the four escapes and rejects any other backslash', () => {
    const call = parseIntrinsic("States.Array('it\\'s \\\\ \\{ \\}')");
    expect(call.args[0]).toMatchObject({ kind: 'string', value: "it's \\ { }" });
    expect(() => parseIntrinsic("States.Array('\\n')")).toThrow(IntrinsicSyntaxError);
  });

  it('allows spaces between arguments and around the parentheses', () => {
    expect(parseIntrinsic('States.Array ( 1 ,  $.a  )').args).toEqual([
      { kind: 'number', value: 1 },
      { kind: 'path', path: '$.a' },
    ]);
  });

  it('rejects malformed calls', () => {
    for (const text of ['States.Array(', "States.Format('x'", 'States.Array(1,)', 'States.Array(1) extra', 'Array(1)', 'States.Array(foo)']) {
      expect(() => parseIntrinsic(text)).toThrow(IntrinsicSyntaxError);
    }
  });
});
