import { describe, expect, it } from 'vitest';
import { env, failure } from './jsonataFixture';
import { evaluateJsonata, QueryEvaluationError } from '../../../../src-main/common/engine/jsonata/evaluate';

// Issue #18, item 6 (a): a catastrophic regex (`/(a+)+$/` on 25 characters) held the host's only
// thread for seconds. JSONata regex literals now run on RE2 (jsonata/linearRegex.ts).

describe('JSONata regular expressions run in linear time (RE2)', () => {
  it('a catastrophic pattern on 26 characters answers at once (took ~5 s with backtracking)', async () => {
    const subject = 'a'.repeat(25) + '!';
    const started = performance.now();
    const v = await evaluateJsonata(`{% $count($match("${subject}", /(a+)+$/)) %}`, 'Output', env());
    expect(v).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('matches, replaces and splits as JavaScript RegExp did, flags i and m included', async () => {
    const e = env();
    expect(await evaluateJsonata('{% $match("héllo wörld", /(l+)(o)/) %}', 'Output', e)).toEqual({ match: 'llo', index: 2, groups: ['ll', 'o'] });
    expect(await evaluateJsonata('{% $match("a1b22c333", /[0-9]+/).match %}', 'Output', e)).toEqual(['1', '22', '333']);
    expect(await evaluateJsonata('{% $replace("Hello hello", /HELLO/i, "bye") %}', 'Output', e)).toBe('bye bye');
    expect(await evaluateJsonata('{% $split("a, b,c", /,\\s*/) %}', 'Output', e)).toEqual(['a', 'b', 'c']);
    expect(await evaluateJsonata('{% $contains("one\\ntwo", /^two$/m) %}', 'Output', e)).toBe(true);
    expect(await evaluateJsonata('{% $contains("one\\ntwo", /^two$/) %}', 'Output', e)).toBe(false);
  });

  it('a backreference (unsupported by RE2) fails with States.QueryEvaluationError naming the limitation', async () => {
    const err = await failure(evaluateJsonata('{% $match("abab", /(ab)\\1/) %}', 'Output', env()));
    expect(err.error).toBe('States.QueryEvaluationError');
    expect(err.causeText).toMatch(
      /^The JSONata expression '\$match\("abab", \/\(ab\)\\1\/\)' specified for the field 'Output' threw an error during evaluation: The regular expression \/\(ab\)\\1\/ is not supported: Stepscope matches JSONata regular expressions with RE2 \(linear time\), which has no backreferences or lookaround \(.+\)$/,
    );
  });

  it('lookahead fails the same way', async () => {
    const err = await failure(evaluateJsonata('{% $match("ab", /a(?=b)/) %}', 'Output', env()));
    expect(err.causeText).toContain('is not supported: Stepscope matches JSONata regular expressions with RE2');
  });
});
