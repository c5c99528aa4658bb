import type { StateMachineDefinition } from '../asl/types';
import { formatDiagnostic, isValid, validateDefinition, validateDefinitionText } from '../asl/validate';
import { runExecution } from '../engine/interpreter';
import type { RunOptions, RunResult } from '../engine/run';
import { createCaseInvoker } from './caseInvoker';
import { compareRun, type CompareResult } from './compareRun';
import { compareValidation } from './compareValidation';
import { CASE_STATE_MACHINE, type ConformanceCase } from './conformanceCase';

/** What running one conformance case produced. */
export interface CaseRun {
  /** The comparison with the recording. */
  result: CompareResult;
  /** The execution, for execution cases whose definition and mocks were valid. */
  run?: RunResult;
}

/** Options of `runCase`. */
export interface RunCaseOptions {
  /** Replaces the engine (tests, instrumented runs). Default: `runExecution`. */
  runExecution?: (options: RunOptions) => Promise<RunResult>;
  /** Extra run options (a sink, quotas); the case's definition, input, invoker, seed and names win. */
  runOptions?: Partial<RunOptions>;
}

/**
 * Runs one conformance case the way the corpus was recorded and compares the outcome:
 * a validation case goes through the validator (text definitions are parsed as AWS parses
 * them: JSON only); an execution case is validated, then run on the virtual clock with seed 0,
 * AWS's quotas, state machine name "Case", and Task invocations answered from its mock config
 * and `mockExtras`. An invalid definition or mock config is reported as a mismatch at
 * `definition` / `mockConfig`. Exceptions from the engine (bugs) propagate.
 */
export async function runCase(testCase: ConformanceCase, options: RunCaseOptions = {}): Promise<CaseRun> {
  if (testCase.kind === 'validation') {
    const diagnostics =
      typeof testCase.definition === 'string'
        ? validateDefinitionText(testCase.definition, { format: 'json', stateMachineType: testCase.stateMachineType }).diagnostics
        : validateDefinition(testCase.definition, { stateMachineType: testCase.stateMachineType });
    return { result: compareValidation(testCase, diagnostics) };
  }

  const diagnostics = validateDefinition(testCase.definition);
  if (!isValid(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    return {
      result: {
        ok: false,
        firstMismatch: {
          where: 'definition',
          expected: 'a valid definition',
          actual: errors.map(formatDiagnostic),
          message: `the definition does not validate: ${errors.map(formatDiagnostic).join('; ')}`,
        },
      },
    };
  }
  const invoker = createCaseInvoker(testCase);
  if (!invoker.ok) {
    return {
      result: {
        ok: false,
        firstMismatch: {
          where: 'mockConfig',
          expected: 'a valid mock config',
          actual: invoker.diagnostics,
          message: `the mock config is invalid: ${invoker.diagnostics.map((d) => `${d.pointer}: ${d.message}`).join('; ')}`,
        },
      },
    };
  }
  const run = await (options.runExecution ?? runExecution)({
    ...options.runOptions,
    definition: testCase.definition as unknown as StateMachineDefinition,
    input: testCase.input,
    invoker: invoker.invoker,
    seed: 0,
    stateMachineName: CASE_STATE_MACHINE,
    s3Objects: testCase.s3Objects?.map((o) => ({ Bucket: o.Bucket, Key: o.Key, Body: typeof o.Body === 'string' ? o.Body : JSON.stringify(o.Body) })),
    behaviourAsOf: isoDateOf(testCase.recordedDate),
  });
  return { result: compareRun(testCase, run), run };
}

/**
 * The recording's date ("dd-mm-yyyy, hh:mm:ss") as YYYY-MM-DD: the engine emulates AWS as it
 * behaved then, where AWS changed its histories over time (RunOptions.behaviourAsOf).
 */
function isoDateOf(recordedDate: string | undefined): string | undefined {
  const m = recordedDate !== undefined ? /^(\d{2})-(\d{2})-(\d{4})/.exec(recordedDate) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
}
