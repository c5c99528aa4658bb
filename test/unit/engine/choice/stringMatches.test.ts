import { describe, expect, it } from 'vitest';
import { compileStringPattern, matchesStringPattern } from '../../../../src-main/common/engine/choice/stringMatches';

describe('matchesStringPattern', () => {
  it('matches the whole string when there is no wildcard', () => {
    expect(matchesStringPattern('abc', 'abc')).toBe(true);
    expect(matchesStringPattern('abcd', 'abc')).toBe(false);
  });

  it('* matches any run of characters, including none', () => {
    expect(matchesStringPattern('log.txt', '*.txt')).toBe(true);
    expect(matchesStringPattern('.txt', '*.txt')).toBe(true);
    expect(matchesStringPattern('a.txt.bak', '*.txt')).toBe(false);
    expect(matchesStringPattern('anything', '*')).toBe(true);
    expect(matchesStringPattern('', '*')).toBe(true);
    expect(matchesStringPattern('abXcdYef', 'ab*cd*ef')).toBe(true);
    expect(matchesStringPattern('abcdef', 'ab*cd*ef')).toBe(true);
    expect(matchesStringPattern('abcef', 'ab*cd*ef')).toBe(false);
    expect(matchesStringPattern('aa', 'a*a')).toBe(true);
    expect(matchesStringPattern('a', 'a*a')).toBe(false);
  });

  it('\\* is a literal asterisk and \\\\ a literal backslash', () => {
    expect(matchesStringPattern('a*b', 'a\\*b')).toBe(true);
    expect(matchesStringPattern('axb', 'a\\*b')).toBe(false);
    expect(matchesStringPattern('a\\b', 'a\\\\b')).toBe(true);
    expect(matchesStringPattern('a\\xyz', 'a\\\\*')).toBe(true);
  });

  it('keeps a backslash before any other character', () => {
    expect(compileStringPattern('a\\nb').parts).toEqual(['a\\nb']);
    expect(matchesStringPattern('a\\nb', 'a\\nb')).toBe(true);
  });
});
