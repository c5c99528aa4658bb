import {
  assembleImport,
  classifyImportDocument,
  executionFromDocument,
  type ImportDocument,
  type ImportedExecution,
  type ImportProblem,
} from '../../../common/history/historyImport';
import type { Json } from '../../../common/json';
import { parseVerbArgs } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { parseDataText, readTextFile } from '../files';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { openCliStore } from './storeAccess';

/** Imports with at least this many events report their progress on stderr. */
const PROGRESS_THRESHOLD = 10_000;

/** Reads a file with the one loader (common/documents/loadDocument): a syntax error is a CliError with its position. */
function readImportFile(io: CliIo, path: string): { value: Json; text: string; format: 'json' | 'yaml' } {
  const text = readTextFile(io.cwd, path, 'file');
  const parsed = parseDataText(text, path, 'import file');
  return { value: parsed.value, text, format: parsed.format };
}

function problemsError(problems: ImportProblem[]): CliError {
  const lines = problems.map((p) => `${p.source}: ${p.message}`);
  return new CliError(`Nothing was imported:\n${lines.join('\n')}`);
}

/**
 * `stepscope import <files...>`: stores executions recorded elsewhere. Bundles and conformance
 * cases are one execution each; the other files (history pages, describe-execution output,
 * definition) together make one execution. Any problem in any file imports nothing.
 */
export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('import', argv, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    name: { type: 'string' },
    'state-machine': { type: 'string' },
    definition: { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.import);
    return EXIT.ok;
  }
  const files = [...args.positionals];
  if (files.length === 0) throw new UsageError('Missing the files to import', 'import');
  const documents: ImportDocument[] = [];
  const problems: ImportProblem[] = [];
  const all = args.strings.definition !== undefined ? [...files, args.strings.definition] : files;
  for (const path of all) {
    let file: ReturnType<typeof readImportFile>;
    try {
      file = readImportFile(io, path);
    } catch (error) {
      if (error instanceof CliError) throw new CliError(`Nothing was imported:\n${error.message}`);
      throw error;
    }
    const classified = classifyImportDocument(file.value, path, file.text, file.format);
    if (!classified.ok) problems.push(...classified.problems);
    else if (path === args.strings.definition && classified.value.kind !== 'definition' && classified.value.kind !== 'describeStateMachine') {
      problems.push({ source: path, message: 'given with --definition, but it is not a definition (StartAt and States)' });
    } else documents.push(classified.value);
  }
  if (problems.length > 0) throw problemsError(problems);

  const executions: ImportedExecution[] = [];
  const selfContained = documents.filter((d): d is Extract<ImportDocument, { kind: 'bundle' | 'conformanceCase' }> => d.kind === 'bundle' || d.kind === 'conformanceCase');
  const rest = documents.filter((d) => d.kind !== 'bundle' && d.kind !== 'conformanceCase');
  for (const doc of selfContained) {
    const result = executionFromDocument(doc);
    if (result.ok) executions.push(result.value);
    else problems.push(...result.problems);
  }
  if (rest.length > 0) {
    const result = assembleImport(rest, {
      ...(args.strings.name !== undefined ? { name: args.strings.name } : {}),
      ...(args.strings['state-machine'] !== undefined ? { stateMachineName: args.strings['state-machine'] } : {}),
    });
    if (result.ok) executions.push(result.value);
    else problems.push(...result.problems);
  }
  if (problems.length > 0) throw problemsError(problems);

  const total = executions.reduce((n, e) => n + e.events.length, 0);
  const store = openCliStore(io, args.strings.db);
  try {
    const ids = await store.importExecutions(executions, {
      onProgress: total >= PROGRESS_THRESHOLD ? (done, all) => io.stderr(`Importing: ${done}/${all} events\n`) : undefined,
    });
    if (args.flags.json) io.stdout(`${JSON.stringify(ids)}\n`);
    else {
      executions.forEach((e, i) => {
        io.stdout(
          `Imported execution ${ids[i]}: ${e.name} (${e.status}, ${e.events.length} events${e.definition.reconstructed ? ', definition reconstructed from the history' : ''}) from ${e.sources.join(', ')}\n`,
        );
      });
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
