/**
 * A local folder standing for S3, for a Distributed Map's ItemReader (`--s3-root <dir>` in the
 * CLI, `s3Root` in the service's run options): `s3://bucket/key` is the file `<dir>/bucket/key`,
 * and `s3:listObjectsV2` lists the files under `<dir>/bucket`. A file whose key ends in `.gz` (S3
 * Inventory data files) is read gunzipped. Keys that would leave the folder (`..`) find nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ObjectSource } from '../../common/engine/itemReader/objectStore';

/** Why a folder cannot serve as the S3 root, or undefined when it can. */
export function s3RootProblem(root: string): string | undefined {
  try {
    return statSync(root).isDirectory() ? undefined : 'it is not a folder';
  } catch {
    return 'no such folder';
  }
}

/** The ObjectSource over `root` (an absolute path or one relative to the working folder). */
export function createS3FolderSource(root: string): ObjectSource {
  const base = resolve(root);
  /** The file of bucket/key, or undefined when the name would leave the bucket's folder. */
  const fileOf = (bucket: string, key: string): string | undefined => {
    if (bucket === '' || bucket.includes('/') || bucket.includes('\\') || bucket === '.' || bucket === '..') return undefined;
    const bucketDir = join(base, bucket);
    const file = resolve(bucketDir, ...key.split('/'));
    return file.startsWith(bucketDir + sep) ? file : undefined;
  };
  return {
    get(bucket, key) {
      const file = fileOf(bucket, key);
      if (file === undefined) return undefined;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) return undefined;
        const bytes = readFileSync(file);
        const text = key.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        return { body: text, lastModified: Math.floor(stat.mtimeMs / 1000) * 1000 };
      } catch {
        return undefined;
      }
    },
    keys(bucket, prefix) {
      const bucketDir = fileOf(bucket, 'x') === undefined ? undefined : join(base, bucket);
      if (bucketDir === undefined) return [];
      const out: string[] = [];
      const walk = (dir: string) => {
        let entries;
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          const full = join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile()) {
            const key = relative(bucketDir, full).split(sep).join('/');
            if (key.startsWith(prefix)) out.push(key);
          }
        }
      };
      walk(bucketDir);
      return out;
    },
    locate: (bucket, key) => join(base, bucket, ...key.split('/')),
  };
}
