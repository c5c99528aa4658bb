#!/usr/bin/env node
// `npm run fixtures:update -- <folder>`: copies a newer AWS-recorded conformance corpus and the
// benchmark workloads into test/fixtures (see test/fixtures/README.md). <folder> holds
// conformance/aws-recorded and bench/workloads. Only those fixtures are replaced; the command says
// what changed. It never runs as part of the tests: the repository carries its fixtures.
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'fixtures');

function fail(message) {
  console.error(`fixtures:update: ${message}`);
  process.exit(2);
}

/** Every file under `dir`, as paths relative to it, with its text (for the change count). */
function snapshot(dir) {
  const files = new Map();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path, 'utf8'));
  }
  return files;
}

/** The copies are ours to edit and replace, even when the source folder was read-only. */
function makeWritable(dir) {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  }
}

function describeChange(label, before, after) {
  let added = 0;
  let changed = 0;
  for (const [name, text] of after) {
    if (!before.has(name)) added++;
    else if (before.get(name) !== text) changed++;
  }
  const removed = [...before.keys()].filter((name) => !after.has(name)).length;
  console.log(`${label}: ${after.size} files (${added} added, ${changed} changed, ${removed} removed)`);
}

const source = process.argv[2];
if (!source || source === '--help' || source === '-h') {
  console.log('Usage: npm run fixtures:update -- <folder holding conformance/aws-recorded and bench/workloads>');
  process.exit(source ? 0 : 2);
}
const from = resolve(source);
const pairs = [
  ['conformance/aws-recorded', 'conformance/aws-recorded', 'AWS-recorded corpus'],
  ['bench/workloads', 'bench/workloads', 'bench workloads'],
];
for (const [src] of pairs) {
  if (!existsSync(join(from, src)) || !statSync(join(from, src)).isDirectory()) fail(`${join(from, src)} is not a folder: give the folder that holds conformance/ and bench/`);
}
for (const [src, dest, label] of pairs) {
  const target = join(fixtures, dest);
  const before = snapshot(target);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(from, src), target, { recursive: true });
  makeWritable(target);
  describeChange(`${label} (${relative(root, target)})`, before, snapshot(target));
}
// The corpus README (case format and comparison rules) is copied as it is.
const corpusReadme = join(from, 'conformance', 'README.md');
if (existsSync(corpusReadme)) cpSync(corpusReadme, join(fixtures, 'conformance', 'README.md'));
// The bench README: only its reference-figures table is taken; the rest describes this repository.
const benchReadme = join(from, 'bench', 'README.md');
const ourBenchReadme = join(fixtures, 'bench', 'README.md');
if (existsSync(benchReadme) && existsSync(ourBenchReadme)) {
  const table = (text) => text.match(/\n\| workload \|[\s\S]*?\n(?!\|)/)?.[0];
  const theirs = table(readFileSync(benchReadme, 'utf8'));
  const ours = readFileSync(ourBenchReadme, 'utf8');
  if (theirs && table(ours)) writeFileSync(ourBenchReadme, ours.replace(table(ours), theirs));
}
console.log('Now run `npm test`: a case that newly fails must be fixed, or listed with its reason in test/conformance/known-failures.json.');
