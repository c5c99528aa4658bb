import type { ExecutionSummary, ImportFile } from '@common/contract/api';
import type { StepscopeClient } from '../../api';

/** Progress of an import: events stored so far out of the total. */
export interface ImportProgress {
  done: number;
  total: number;
}

let nextImportId = 0;

/** True for a file an import can read: JSON or YAML by its name (drops may bring anything). */
export function isImportableFile(file: { name: string }): boolean {
  return /\.(json|ya?ml)$/i.test(file.name);
}

/**
 * Reads the files' texts (the renderer has no file system: the service gets names and texts) and
 * imports them with `executions.import`, reporting the service's progress pushes for this import.
 * Resolves with the stored executions; rejects with the service's error (nothing imported).
 */
export async function importHistoryFiles(
  client: StepscopeClient,
  files: readonly File[],
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ExecutionSummary[]> {
  const texts: ImportFile[] = await Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() })));
  const importId = `import-${Date.now().toString(36)}-${++nextImportId}`;
  const off = client.onPush('import.progressed', (p) => {
    if (p.importId === importId) onProgress({ done: p.done, total: p.total });
  });
  try {
    const outcome = await client['executions.import']({ files: texts, importId });
    return outcome.executions;
  } finally {
    off();
  }
}
