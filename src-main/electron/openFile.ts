/**
 * Opening a file in the desktop app: what kind of file it is (from its content), which file a
 * command line names, and the open flow itself (read, detect, remember as recent, push to the
 * UI) with its I/O passed in, so all of it is unit-tested without Electron.
 */
import type { OpenedFileKind, Push } from '../common/contract/events';
import { sniffDocument } from '../common/documents/loadDocument';

/** The largest file the app opens (the limit of `executions.import`'s text). */
export const MAX_OPEN_FILE_BYTES = 48 * 1024 * 1024;

/** The file extensions File → Open offers. */
export const OPEN_FILE_EXTENSIONS = ['json', 'yaml', 'yml', 'asl', 'template'] as const;

/**
 * What a file holds: a Stepscope bundle, a history, a mock config, else a definition — which is
 * also the answer for a file that does not parse, so the editor shows its diagnostics. The one
 * loader's answer (common/documents/loadDocument), as the CLI and `executions.import` read files.
 */
export function detectFileKind(name: string, text: string): OpenedFileKind {
  return sniffDocument(name, text);
}

/**
 * The file a command line asks to open: the last argument that is not a switch (`-…`) and ends
 * with one of {@link OPEN_FILE_EXTENSIONS}, after the executable (and, when not packaged, after
 * the app path given to `electron`). Undefined when there is none.
 */
export function fileFromArgv(argv: readonly string[], isPackaged: boolean): string | undefined {
  const args = argv.slice(isPackaged ? 1 : 2);
  const pattern = new RegExp(`\\.(${OPEN_FILE_EXTENSIONS.join('|')})$`, 'i');
  for (let i = args.length - 1; i >= 0; i -= 1) {
    const arg = args[i];
    if (!arg.startsWith('-') && pattern.test(arg)) return arg;
  }
  return undefined;
}

/** The I/O the open flow needs. */
export interface OpenFileDeps {
  /** The file's size in bytes (throws when it cannot be read). */
  size(path: string): number;
  /** The file's text as UTF-8 (throws when it cannot be read). */
  readText(path: string): string;
  /** Remembers the file among the recent ones. */
  touchRecent(path: string, kind: OpenedFileKind): void;
  /** Sends a push to the UI. */
  push(push: Push): void;
  /** Tells the user why the file was not opened. */
  showError(title: string, message: string): void;
}

/** The outcome of {@link openFileAt}. */
export type OpenFileOutcome = { ok: true; kind: OpenedFileKind } | { ok: false; message: string };

/** The file name at the end of a path written with / or \. */
function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts.length === 0 ? path : parts[parts.length - 1];
}

/**
 * Opens a file: reads it (refusing one larger than {@link MAX_OPEN_FILE_BYTES}), detects its kind,
 * records it as recent and pushes `app.openRequested`. A file that cannot be read is reported
 * through `showError` with the reason, never a stack trace.
 */
export function openFileAt(path: string, deps: OpenFileDeps): OpenFileOutcome {
  const name = fileName(path);
  const fail = (message: string): OpenFileOutcome => {
    deps.showError(`Stepscope cannot open ${name}`, `${path}\n\n${message}`);
    return { ok: false, message };
  };
  let text: string;
  try {
    const size = deps.size(path);
    if (size > MAX_OPEN_FILE_BYTES) return fail(`The file is ${Math.ceil(size / 1024 / 1024)} MB; Stepscope opens files up to ${MAX_OPEN_FILE_BYTES / 1024 / 1024} MB.`);
    text = deps.readText(path);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const kind = detectFileKind(name, text);
  deps.touchRecent(path, kind);
  deps.push({ type: 'app.openRequested', payload: { kind, name, text, path } });
  return { ok: true, kind };
}
