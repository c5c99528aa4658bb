import { parse as parseYaml } from 'yaml';
import type { ImportFile } from '../../common/contract/api';
import {
  assembleImport,
  classifyImportDocument,
  executionFromDocument,
  type AssembleOptions,
  type ImportDocument,
  type ImportedExecution,
  type ImportProblem,
  type ImportResult,
} from '../../common/history/historyImport';
import type { Json } from '../../common/json';

/** Reads one file's text: JSON (fast for large histories), or YAML when its name says so. */
function parseFile(file: ImportFile): ImportResult<{ value: Json; format: 'json' | 'yaml' }> {
  const yaml = /\.ya?ml$/i.test(file.name);
  try {
    if (yaml) return { ok: true, value: { value: parseYaml(file.text) as Json, format: 'yaml' } };
    return { ok: true, value: { value: JSON.parse(file.text) as Json, format: 'json' } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, problems: [{ source: file.name, message: `is not valid ${yaml ? 'YAML' : 'JSON'}: ${reason}` }] };
  }
}

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
    const parsed = parseFile(file);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const classified = classifyImportDocument(parsed.value.value, file.name, file.text, parsed.value.format);
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
