import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue #15: the interpreter is split so that a reader finds each state type in one file. These
// checks keep it that way: no engine file grows past 900 lines, and the engine's modules import
// each other without cycles (a state file reaches the driver through ExecutionDriver, never by
// importing interpreter.ts).

const ENGINE = fileURLToPath(new URL('../../../src-main/common/engine', import.meta.url));

function engineFiles(dir: string = ENGINE): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return engineFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The engine files `file` imports (relative imports that resolve inside the engine). */
function engineImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']*)'/gms)) {
    const base = resolve(dirname(file), m[1]);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
    if (target !== undefined && target.startsWith(ENGINE)) found.push(target);
  }
  return found;
}

describe('engine layout (issue #15)', () => {
  it('keeps every engine source file at 900 lines or fewer', () => {
    const long = engineFiles()
      .map((f) => ({ file: relative(ENGINE, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 900);
    expect(long).toEqual([]);
  });

  it('has no import cycles among engine modules', () => {
    const graph = new Map(engineFiles().map((f) => [f, engineImports(f)]));
    const done = new Set<string>();
    const onPath: string[] = [];
    const cycles: string[] = [];
    const visit = (file: string): void => {
      onPath.push(file);
      for (const dep of graph.get(file) ?? []) {
        const at = onPath.indexOf(dep);
        if (at >= 0) cycles.push([...onPath.slice(at), dep].map((p) => relative(ENGINE, p)).join(' → '));
        else if (!done.has(dep)) visit(dep);
      }
      onPath.pop();
      done.add(file);
    };
    for (const file of graph.keys()) if (!done.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('lets no state file import the interpreter', () => {
    const interpreter = join(ENGINE, 'interpreter.ts');
    const offenders = engineFiles(join(ENGINE, 'states')).filter((f) => engineImports(f).includes(interpreter));
    expect(offenders.map((f) => relative(ENGINE, f))).toEqual([]);
  });
});
