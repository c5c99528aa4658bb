import { pointerTokens, toPointer } from '../../common/asl/validation/pointer';
import type { TaskInvoker } from '../../common/engine/ports';
import { createMockInvoker } from '../../common/mocks/mockInvoker';
import { parseMockConfig, resolveTestCase, type MockConfig } from '../../common/mocks/mockConfig';
import type { StateMachineDefinition } from '../../common/asl/types';
import { checkMockShapes, formatShapeProblem, type FieldValidationMode } from '../../common/mocks/shapeCheck';
import { CliError, UsageError } from './errors';
import { located, readDataFile, type DataFile } from './files';
import { invokerOf, type PortableInvoker } from '../service/runOffThread';

/** Where a pointer's value (or its closest existing parent) sits in a file. */
export function locatePointer(file: DataFile, pointer: string) {
  const tokens = pointerTokens(pointer);
  for (let n = tokens.length; n >= 0; n--) {
    const position = file.locate(toPointer(tokens.slice(0, n)));
    if (position) return position;
  }
  return undefined;
}

/** Reads and checks a mock config file; every problem is reported with file, line, column and pointer. */
export function loadMockConfig(cwd: string, path: string): MockConfig {
  const file = readDataFile(cwd, path, 'mock config');
  const parsed = parseMockConfig(file.value);
  if (!parsed.ok) {
    // In file order, so that the list reads top to bottom.
    const found = parsed.diagnostics.map((d, index) => ({ d, index, at: locatePointer(file, d.pointer) }));
    found.sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0) || a.index - b.index);
    const lines = found.map(({ d, at }) => located(path, at, `${d.message} (at ${d.pointer === '' ? '/' : d.pointer})`));
    throw new CliError(`Invalid mock config ${path}:\n${lines.join('\n')}`);
  }
  return parsed.config;
}

function quoteList(names: Iterable<string>): string {
  const list = [...names].map((n) => `"${n}"`);
  return list.length === 0 ? 'none' : list.join(', ');
}

/**
 * Picks the state machine and test case of a mock config: the names given, or the only one there
 * is. Ambiguity or a missing name is a usage error listing the choices.
 */
export function selectTestCase(
  config: MockConfig,
  path: string,
  stateMachine: string | undefined,
  testCase: string | undefined,
): { stateMachine: string; testCase: string } {
  let machine = stateMachine;
  if (machine === undefined) {
    const names = [...config.stateMachines.keys()];
    if (names.length !== 1) {
      throw new UsageError(`${path} has ${names.length === 0 ? 'no state machines' : `several state machines (${quoteList(names)})`}: choose one with --state-machine`, 'run');
    }
    machine = names[0];
  }
  const cases = config.stateMachines.get(machine);
  if (!cases) throw new UsageError(`${path} has no state machine "${machine}" (state machines: ${quoteList(config.stateMachines.keys())})`, 'run');
  let chosen = testCase;
  if (chosen === undefined) {
    const names = [...cases.keys()];
    if (names.length !== 1) {
      throw new UsageError(
        `State machine "${machine}" in ${path} has ${names.length === 0 ? 'no test cases' : `several test cases (${quoteList(names)})`}: choose one with --test-case`,
        'run',
      );
    }
    chosen = names[0];
  }
  const resolved = resolveTestCase(config, machine, chosen);
  if (!resolved.ok) throw new UsageError(`${path}: ${resolved.message}`, 'run');
  return { stateMachine: machine, testCase: chosen };
}

/** Runs without a mock config: every Task fails, saying how to mock it. */
export const NO_MOCKS: PortableInvoker = { kind: 'noMocks', hint: 'no mock config was given (use --mock-config and --test-case)' };

/** An invoker for runs without a mock config (NO_MOCKS). */
export const NO_MOCKS_INVOKER: TaskInvoker = invokerOf(NO_MOCKS);

/** The mock invoker for a run. */
export function createRunInvoker(config: MockConfig, stateMachine: string, testCase: string): TaskInvoker {
  return createMockInvoker(config, { stateMachine, testCase });
}

/**
 * Checks a mock config's responses against the services' output shapes (TestState's
 * fieldValidationMode); throws a CliError listing every problem with file, line, test case, state
 * and field. `file` locates the lines when the config was read from a file.
 */
export function checkMockFileShapes(
  path: string,
  file: DataFile | undefined,
  config: MockConfig,
  definition: StateMachineDefinition,
  mode: FieldValidationMode,
  only?: { stateMachine?: string; testCase?: string },
): void {
  const problems = checkMockShapes(config, definition, mode, only);
  if (problems.length === 0) return;
  const lines = problems.map((p) => {
    const at = file !== undefined ? locatePointer(file, p.pointer) : undefined;
    return formatShapeProblem(at ? `${path}:${at.line}:${at.column}` : path, p);
  });
  throw new CliError(
    `Mock config ${path} does not fit the services' output shapes (--field-validation ${mode}; PRESENT checks only the fields given, NONE nothing):\n${lines.join('\n')}`,
  );
}
