import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue #12: public AWS sample workflows open and run as users have them. The manifest names each
 * sample (repository, path, commit, licence); the files themselves are third-party code and are not
 * committed, so the measurement runs where they have been fetched (`npm run samples -- --fetch`, or
 * STEPSCOPE_SAMPLES=<folder>) and is skipped, saying so, elsewhere.
 */
const ROOT = resolve(__dirname, '../../..');
const MANIFEST = join(ROOT, 'test/fixtures/samples/manifest.json');
const FILES = process.env.STEPSCOPE_SAMPLES ?? join(ROOT, 'test/fixtures/samples/files');

interface Sample {
  repo: string;
  path: string;
  commit: string;
  licence: string;
  kind: 'asl' | 'sam';
  input?: unknown;
  args?: string[];
  known?: string;
}

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { samples: Sample[] };
const present = manifest.samples.filter((s) => existsSync(join(FILES, s.repo, s.path))).length;

describe('public sample workflows', () => {
  it('the manifest names 60+ samples, each at a commit, under a licence that allows redistribution', () => {
    expect(manifest.samples.length).toBeGreaterThanOrEqual(60);
    for (const s of manifest.samples) {
      expect(s.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(['MIT-0', 'MIT', 'Apache-2.0']).toContain(s.licence);
      expect(['asl', 'sam']).toContain(s.kind);
    }
    expect(new Set(manifest.samples.map((s) => `${s.repo}/${s.path}`)).size).toBe(manifest.samples.length);
  });

  it.skipIf(present === 0)(
    `≥ 95% validate and ≥ 90% run to an end with no mock file and no Stepscope error (${present} of ${manifest.samples.length} sample files present under ${FILES}${present === 0 ? ': skipped, fetch them with npm run samples -- --fetch' : ''})`,
    async () => {
      const { measureAll, readManifest, TARGETS } = (await import(join(ROOT, 'scripts/measure-samples.mjs'))) as {
        measureAll(entries: unknown[], root: string): { totals: { present: number; validatePercent: number; runPercent: number }; results: { entry: Sample; missing?: boolean; validate?: { ok: boolean }; run?: { ok: boolean } }[] };
        readManifest(): unknown[];
        TARGETS: { validate: number; run: number };
      };
      const { totals, results } = measureAll(readManifest(), FILES);
      expect(totals.validatePercent).toBeGreaterThanOrEqual(TARGETS.validate * 100);
      expect(totals.runPercent).toBeGreaterThanOrEqual(TARGETS.run * 100);
      // Every sample that does not validate or run has its reason written in the manifest.
      const unexplained = results.filter((r) => !r.missing && (!r.validate?.ok || !r.run?.ok) && r.entry.known === undefined).map((r) => r.entry.path);
      expect(unexplained).toEqual([]);
    },
    900_000,
  );
});
