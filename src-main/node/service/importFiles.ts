import type { ImportFile } from '../../common/contract/api';
import {
  assembleImport,
  executionFromDocument,
  type AssembleOptions,
  type ImportDocument,
  type ImportedExecution,
  type ImportProblem,
  type ImportResult,
} from '../../common/history/historyImport';
import { readImportDocument } from '../../common/documents/loadDocument';

/**
 * Turns the files of an import into executions ready to store, as `stepscope import` does:
 * bundles and conformance cases are one execution each; the other files (history pages,
 * describe-execution output, a definition) together make one execution. Any problem in any file
 * gives every problem found and no execution.
 */
export function executionsFromFiles(files: readonly ImportFile[], options: AssembleOptions = {}): ImportResult<ImportedExecution[]> {
  const problems: ImportProblem[] = [];
  const documents: ImportDocument[] = [];
  if (files.length === 0) return { ok: false, problems: [{ source: '(no files)', message: 'no file was given' }] };
  for (const file of files) {
    // The one loader (common/documents/loadDocument): a byte-order mark, YAML and JSON as the CLI and the desktop app read them.
    const classified = readImportDocument(file.text, file.name);
    if (classified.ok) documents.push(classified.value);
    else problems.push(...classified.problems);
  }
  if (problems.length > 0) return { ok: false, problems };

  const executions: ImportedExecution[] = [];
  const rest: ImportDocument[] = [];
  for (const document of documents) {
    if (document.kind === 'bundle' || document.kind === 'conformanceCase') {
      const result = executionFromDocument(document);
      if (result.ok) executions.push(result.value);
      else problems.push(...result.problems);
    } else rest.push(document);
  }
  if (rest.length > 0) {
    const result = assembleImport(rest, options);
    if (result.ok) executions.push(result.value);
    else problems.push(...result.problems);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: executions };
}
