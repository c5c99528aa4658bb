import { relative } from 'node:path';
import { readImportDocument } from '../../../common/documents/loadDocument';
import { recordedFromDocument, replayExecution, type ReplayResult } from '../../../common/usertests/replay';
import { parseVerbArgs } from '../args';
import { loadDefinition } from '../definitions';
import { CliError, EXIT, UsageError } from '../errors';
import { filesUnder, readTextFile, statGivenPath, writeJsonFile } from '../files';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { openCliStore } from './storeAccess';
import type { RecordedExecution } from '../../../common/usertests/replay';

/** One history's outcome in the `--json` report of `stepscope replay`. */
export interface ReplayReportEntry {
  file: string;
  result: 'same' | 'diverged' | 'error';
  message?: string;
  eventId?: number;
  replayEventId?: number;
  kind?: string;
}

function collect(io: CliIo, paths: string[]): { files: string[]; folder: boolean } {
  const files: string[] = [];
  let folder = false;
  for (const path of paths) {
    const { full, isDir } = statGivenPath(io.cwd, path);
    if (isDir) {
      folder = true;
      files.push(...filesUnder(full, path, (name) => /\.(json|ya?ml)$/i.test(name)));
    } else files.push(full);
  }
  return { files: [...new Set(files)].map((f) => relative(io.cwd, f) || f), folder };
}

/**
 * `stepscope replay <history files or folders...> --definition <edited definition>`: re-runs each
 * recorded execution under the edited definition with the recording's Task answers, and says
 * whether it takes the recorded path to the recorded outcome, or where it diverges and why.
 * Exit 0 none diverges, 1 some diverge, 2 bad usage or a history that cannot be replayed.
 */
export async function replayCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('replay', argv, {
    definition: { type: 'string' },
    json: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    'state-machine': { type: 'string' },
    db: { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.replay);
    return EXIT.ok;
  }
  const fromStore = args.strings['state-machine'];
  if (args.positionals.length === 0 && fromStore === undefined) throw new UsageError('Missing the history files or folders to replay (or --state-machine: the stored executions of a state machine)', 'replay');
  if (args.positionals.length > 0 && fromStore !== undefined) throw new UsageError('Give history files or --state-machine, not both', 'replay');
  if (args.strings.db !== undefined && fromStore === undefined) throw new UsageError('--db goes with --state-machine (the store to read its executions from)', 'replay');
  const definitionPath = args.strings.definition;
  if (definitionPath === undefined) throw new UsageError('Missing --definition: the edited definition to replay the histories under', 'replay');
  const loaded = loadDefinition(io.cwd, definitionPath);
  for (const warning of loaded.warnings) io.stderr(`${warning}\n`);
  const { files, folder } = fromStore !== undefined ? { files: [] as string[], folder: true } : collect(io, args.positionals);
  if (files.length === 0 && fromStore === undefined) throw new CliError(`No history files (*.json, *.yaml) in ${args.positionals.join(', ')}`);

  /** Stored executions (--state-machine): their names and what they recorded. */
  const stored: { file: string; recorded: RecordedExecution | string }[] = [];
  if (fromStore !== undefined) {
    const store = openCliStore(io, args.strings.db, { reading: true });
    try {
      const executions = store.listExecutions({ stateMachine: fromStore, withoutChildren: true });
      for (const e of executions) {
        const label = `execution ${e.id} (${e.name})`;
        if (e.status === 'RUNNING' || e.status === 'INTERRUPTED') continue;
        const r = recordedFromDocument({ kind: 'historyPage', source: label, events: store.loadEvents(e.id), nextToken: null });
        stored.push({ file: label, recorded: r.ok ? r.recorded : r.message });
      }
    } finally {
      await store.close();
    }
    if (stored.length === 0) throw new CliError(`The store has no ended executions of state machine "${fromStore}"`);
  }

  const entries: ReplayReportEntry[] = [];
  for (const file of fromStore !== undefined ? stored.map((s) => s.file) : files) {
    let result: ReplayResult | undefined;
    let problem: string | undefined;
    try {
      const fromDb = stored.find((s) => s.file === file);
      if (fromDb !== undefined) {
        if (typeof fromDb.recorded === 'string') problem = fromDb.recorded;
        else result = await replayExecution(fromDb.recorded, loaded.definition);
      } else {
        const doc = readImportDocument(readTextFile(io.cwd, file, 'history'), file);
        if (!doc.ok) problem = doc.problems.map((p) => p.message).join('; ');
        else if (folder && (doc.value.kind === 'definition' || doc.value.kind === 'describeStateMachine')) {
          if (args.flags.verbose) io.stdout(`SKIP ${file}: a definition, not a history\n`);
          continue;
        } else {
          const recorded = recordedFromDocument(doc.value);
          if (!recorded.ok) problem = recorded.message;
          else result = await replayExecution(recorded.recorded, loaded.definition);
        }
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      problem = error.message;
    }
    if (problem !== undefined) {
      entries.push({ file, result: 'error', message: problem });
      io.stdout(`ERROR ${file}: cannot replay: ${problem}\n`);
      continue;
    }
    const r = result as ReplayResult;
    if (!r.diverged) {
      entries.push({ file, result: 'same' });
      io.stdout(`SAME ${file}: the edited definition takes the recorded path (${r.recordedPath.length} top-level states) to the recorded outcome (${r.replay.status})\n`);
      continue;
    }
    const d = r.divergence!;
    entries.push({ file, result: 'diverged', kind: d.kind, message: d.message, ...(d.eventId !== undefined ? { eventId: d.eventId } : {}), ...(d.replayEventId !== undefined ? { replayEventId: d.replayEventId } : {}) });
    const at = d.eventId !== undefined ? `at recorded event ${d.eventId}` : 'past the recording';
    io.stdout(`DIVERGED ${file}: ${at}${d.scope !== 'the execution' ? ` (in ${d.scope})` : ''}${d.replayEventId !== undefined ? `, replay event ${d.replayEventId}` : ''}\n  ${d.message}\n`);
    if (args.flags.verbose) io.stdout(`  recorded path: ${r.recordedPath.join(' → ')}\n  replay path:   ${r.replayPath.join(' → ')}\n`);
  }
  const same = entries.filter((e) => e.result === 'same').length;
  const diverged = entries.filter((e) => e.result === 'diverged').length;
  const errors = entries.filter((e) => e.result === 'error').length;
  if (folder || entries.length > 1) {
    io.stdout(`\n${entries.length} execution${entries.length === 1 ? '' : 's'} replayed under ${definitionPath}: ${same} same, ${diverged} diverged${errors > 0 ? `, ${errors} could not be replayed` : ''}\n`);
  }
  if (args.strings.json !== undefined) writeJsonFile(io.cwd, args.strings.json, { definition: definitionPath, same, diverged, errors, executions: entries }, 'report');
  if (errors > 0) return EXIT.usage;
  return diverged > 0 ? EXIT.failed : EXIT.ok;
}
