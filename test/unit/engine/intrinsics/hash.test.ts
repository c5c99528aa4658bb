import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digest, HASH_ALGORITHMS } from '../../../../src-main/common/engine/intrinsics/hash';
import { base64Decode, base64Encode, toHex, utf8Decode, utf8Encode } from '../../../../src-main/common/engine/intrinsics/bytes';

const NODE_NAMES = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

/** Inputs around the block boundaries (55/56/64 bytes for MD5/SHA-1/SHA-256, 111/112/128 for SHA-512). */
const SAMPLES = ['', 'a', 'abc', 'input data', 'é✓🆗', ...[55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000].map((n) => 'x'.repeat(n))];

describe('digest', () => {
  for (const algorithm of HASH_ALGORITHMS) {
    it(`matches Node's ${algorithm} on inputs around block boundaries`, () => {
      for (const text of SAMPLES) {
        const expected = createHash(NODE_NAMES[algorithm]).update(text, 'utf8').digest('hex');
        expect(toHex(digest(algorithm, utf8Encode(text)))).toBe(expected);
      }
    });
  }
});

describe('bytes', () => {
  it('encodes UTF-8 like Node and decodes it back', () => {
    for (const text of SAMPLES) {
      expect(Array.from(utf8Encode(text))).toEqual(Array.from(Buffer.from(text, 'utf8')));
      expect(utf8Decode(utf8Encode(text))).toBe(text);
    }
  });

  it('encodes Base64 like Node, with padding, and decodes with or without it', () => {
    for (const text of SAMPLES) {
      const b64 = Buffer.from(text, 'utf8').toString('base64');
      expect(base64Encode(utf8Encode(text))).toBe(b64);
      expect(utf8Decode(base64Decode(b64)!)).toBe(text);
      expect(utf8Decode(base64Decode(b64.replace(/=+$/, ''))!)).toBe(text);
    }
  });

  it('rejects text that is not Base64', () => {
    expect(base64Decode('ab$c')).toBeNull();
    expect(base64Decode('a')).toBeNull();
  });

  it('decodes malformed UTF-8 to replacement characters', () => {
    expect(utf8Decode(Uint8Array.from([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
  });
});
