import type { ImportProgress } from './importHistory';
import { importErrorText } from './importErrorText';

/** Where an import is. */
export type ImportState =
  | { kind: 'idle' }
  | { kind: 'importing'; fileCount: number; progress?: ImportProgress }
  | { kind: 'failed'; message: string };

/** Props of `ImportStatus`. */
export interface ImportStatusProps {
  state: ImportState;
  onDismiss(): void;
}

/** A line under the header while an import runs (with its progress), or why it failed. */
export function ImportStatus({ state, onDismiss }: ImportStatusProps) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'importing') {
    const { progress } = state;
    return (
      <div className="import-status" role="status" aria-label="Import progress">
        Importing {state.fileCount} file{state.fileCount === 1 ? '' : 's'}…
        {progress !== undefined && progress.total > 0 && (
          <>
            {' '}
            <progress max={progress.total} value={progress.done} aria-label="Events imported" /> {progress.done.toLocaleString('en-US')} of{' '}
            {progress.total.toLocaleString('en-US')} events
          </>
        )}
      </div>
    );
  }
  return (
    <div className="import-status bad" role="alert">
      <span>Import failed: {importErrorText(state.message)}</span>{' '}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
