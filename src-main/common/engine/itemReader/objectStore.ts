import { toHex, utf8Encode } from '../intrinsics/bytes';
import { digest } from '../intrinsics/hash';

/**
 * The S3 objects an execution can see: what a Distributed Map's ItemReader reads and where its
 * ResultWriter writes. The engine has no network access; objects come in as data
 * (`RunOptions.s3Objects`, the conformance cases' `s3Objects`) and what was written comes back
 * in `RunResult.s3Writes`.
 */

/** One S3 object, as conformance cases carry them (`s3Objects: [{ Bucket, Key, Body }]`). */
export interface S3ObjectInput {
  Bucket: string;
  Key: string;
  /** The object's content, as text. */
  Body: string;
}

/** An object in the store. */
export interface StoredObject {
  bucket: string;
  key: string;
  body: string;
  /** Epoch ms of the write (the run's clock; objects given up front are dated at the run's start). */
  lastModified: number;
}

/**
 * S3 objects read from outside the run, on demand: the host's port (the CLI's and the service's
 * `--s3-root` folder, where `s3://bucket/key` is `<root>/bucket/key`). Read-only: what a run
 * writes stays in memory (see RunResult.s3Writes).
 */
export interface ObjectSource {
  /** The object at bucket/key, if there is one (its text, and when it was last changed, epoch ms). */
  get(bucket: string, key: string): { body: string; lastModified: number } | undefined;
  /** The keys of `bucket` that start with `prefix` (any order). */
  keys(bucket: string, prefix: string): string[];
  /** Where the object would be, for messages ("/data/s3/bucket/key"). */
  locate(bucket: string, key: string): string;
}

/** An in-memory bucket/key store. Listing is in key order (S3's ListObjectsV2 order: UTF-8 binary). */
export interface ObjectStore {
  /** The object at bucket/key, if any. */
  get(bucket: string, key: string): StoredObject | undefined;
  /** The objects of `bucket` whose key starts with `prefix`, in key order. */
  list(bucket: string, prefix?: string): StoredObject[];
  /** Writes (or replaces) an object. */
  put(bucket: string, key: string, body: string, at: number): void;
  /** Whether the bucket has any object (or was created by a write). */
  hasBucket(bucket: string): boolean;
  /** The objects written with `put`, in write order (a replaced object appears once per write). */
  readonly writes: StoredObject[];
  /** Where a missing object was looked for, when the store reads from outside (ObjectSource.locate). */
  locate?(bucket: string, key: string): string;
}

/** A store holding `objects`, dated `at`, over `source` (objects in memory, given or written, come first). */
export function createObjectStore(objects: readonly S3ObjectInput[] = [], at = 0, source?: ObjectSource): ObjectStore {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const writes: StoredObject[] = [];
  const bucketOf = (name: string) => {
    let b = buckets.get(name);
    if (!b) {
      b = new Map();
      buckets.set(name, b);
    }
    return b;
  };
  for (const o of objects) bucketOf(o.Bucket).set(o.Key, { bucket: o.Bucket, key: o.Key, body: o.Body, lastModified: at });
  const get = (bucket: string, key: string): StoredObject | undefined => {
    const held = buckets.get(bucket)?.get(key);
    if (held !== undefined || source === undefined) return held;
    const read = source.get(bucket, key);
    return read === undefined ? undefined : { bucket, key, body: read.body, lastModified: read.lastModified };
  };
  return {
    get,
    list(bucket, prefix = '') {
      const keys = new Set([...(buckets.get(bucket)?.keys() ?? [])].filter((k) => k.startsWith(prefix)));
      for (const k of source?.keys(bucket, prefix) ?? []) keys.add(k);
      return [...keys].sort(compareUtf8).flatMap((k) => get(bucket, k) ?? []);
    },
    put(bucket, key, body, when) {
      const o: StoredObject = { bucket, key, body, lastModified: when };
      bucketOf(bucket).set(key, o);
      writes.push(o);
    },
    hasBucket: (bucket) => buckets.has(bucket) || (source !== undefined && source.keys(bucket, '').length > 0),
    writes,
    ...(source !== undefined ? { locate: (bucket: string, key: string) => source.locate(bucket, key) } : {}),
  };
}

/** Orders strings by their UTF-8 bytes (S3 key order), which is code point order. */
function compareUtf8(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** S3's ETag of a single-part object: the MD5 of its content in hex, in double quotes. */
export function etagOf(body: string): string {
  return `"${toHex(digest('MD5', utf8Encode(body)))}"`;
}
