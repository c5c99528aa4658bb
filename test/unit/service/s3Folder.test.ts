import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createObjectStore } from '../../../src-main/common/engine/itemReader/objectStore';
import { readItems, ItemReaderError } from '../../../src-main/common/engine/itemReader/readItems';
import { createS3FolderSource, s3RootProblem } from '../../../src-main/node/service/s3Folder';

/** The local folder standing for S3 (`--s3-root`), under the engine's object store. */
const root = mkdtempSync(join(tmpdir(), 'stepscope-s3-'));
mkdirSync(join(root, 'data', 'in'), { recursive: true });
writeFileSync(join(root, 'data', 'in', 'items.json'), '[1,2,3]');
writeFileSync(join(root, 'data', 'in', 'lines.jsonl'), '{"a":1}\n{"a":2}\n');
writeFileSync(join(root, 'secret.txt'), 'outside every bucket');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the S3 folder', () => {
  const source = createS3FolderSource(root);

  it('maps s3://bucket/key to <root>/bucket/key and lists a bucket by prefix', () => {
    expect(source.get('data', 'in/items.json')?.body).toBe('[1,2,3]');
    expect(source.keys('data', 'in/').sort()).toEqual(['in/items.json', 'in/lines.jsonl']);
    expect(source.keys('data', 'out/')).toEqual([]);
    expect(source.locate('data', 'in/x.csv')).toBe(join(root, 'data', 'in', 'x.csv'));
  });

  it('finds nothing outside the bucket folder (.. in a key or a bucket)', () => {
    expect(source.get('data', '../secret.txt')).toBeUndefined();
    expect(source.get('..', 'secret.txt')).toBeUndefined();
    expect(source.keys('..', '')).toEqual([]);
  });

  it('is read by the engine under the objects given up front, which win for the same key', () => {
    const store = createObjectStore([{ Bucket: 'data', Key: 'in/items.json', Body: '["given"]' }], 0, source);
    const read = (key: string, inputType = 'JSON') =>
      readItems({ resource: 'arn:aws:states:::s3:getObject', readerConfig: { InputType: inputType }, parameters: { Bucket: 'data', Key: key }, maxItems: undefined }, store);
    expect(read('in/items.json')).toEqual(['given']);
    expect(read('in/lines.jsonl', 'JSONL')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => read('in/missing.json')).toThrow(ItemReaderError);
    expect(() => read('in/missing.json')).toThrow(`Bucket: data, Key: in/missing.json (Stepscope looked for it at ${join(root, 'data', 'in', 'missing.json')})`);
  });

  it('says why a path cannot be the S3 root', () => {
    expect(s3RootProblem(root)).toBeUndefined();
    expect(s3RootProblem(join(root, 'secret.txt'))).toBe('it is not a folder');
    expect(s3RootProblem(join(root, 'nope'))).toBe('no such folder');
  });
});
