// Types of check-layers.mjs, for the checker's own unit tests (test/unit/scripts/checkLayers.test.ts).

/** The layers of src-main/common, lowest first; a folder imports only its own layer and earlier ones. */
export declare const COMMON_ORDER: readonly string[];

/** Imports allowed although they break a rule: "importer -> imported" → the reason. */
export declare const EXCEPTIONS: Readonly<Record<string, string>>;

/** The most lines a source file may have. */
export declare const MAX_FILE_LINES: number;

/** Source roots the checker walks, relative to the repository root. */
export declare const SOURCE_ROOTS: readonly string[];

/** One import as read from a source file; `to` for a local file, `pkg` for a bare package. */
export interface ImportRecord {
  from: string;
  line: number;
  spec: string;
  to?: string;
  pkg?: string;
}

/** A broken rule at one import (or, for `cycle`, at the cycle's first hop). */
export interface Violation {
  file: string;
  line: number;
  rule: 'common-order' | 'common-pure' | 'node' | 'electron-main' | 'preload' | 'renderer' | 'renderer-index' | 'cycle' | 'file-size' | 'stale-exception';
  message: string;
}

/** The layer of a repository-relative path (`common/engine`, `node`, `renderer`, ...), or null. */
export declare function layerOf(path: string): string | null;

/** Every import of every source file under the roots of `root`. */
export declare function readImports(root: string): { files: string[]; imports: ImportRecord[] };

/** The layer rule an import breaks, or null when it is allowed. */
export declare function ruleFor(imp: ImportRecord): Pick<Violation, 'rule' | 'message'> | null;

/** One cycle per strongly connected component of the local import graph. */
export declare function findCycles(imports: readonly ImportRecord[]): { files: string[]; hops: { file: string; line: number; to: string }[] }[];

/** Checks the tree under `root`; an empty list means it follows every rule. */
export declare function checkLayers(root: string): Violation[];

/** One line per violation, `file:line  [rule] message`. */
export declare function formatViolation(v: Violation): string;
