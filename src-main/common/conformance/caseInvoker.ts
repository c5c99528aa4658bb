import type { TaskInvoker } from '../engine/ports';
import { parseMockConfig, parseMockExtras, type MockConfig, type MockDiagnostic, type MockExtras } from '../mocks/mockConfig';
import { createMockInvoker } from '../mocks/mockInvoker';
import { CASE_STATE_MACHINE, CASE_TEST_CASE, type ExecutionCase } from './conformanceCase';

/** A config whose "Recorded" test case mocks nothing: every Task fails with `Stepscope.MockNotFound`. */
const NOTHING_MOCKED: MockConfig = {
  stateMachines: new Map([[CASE_STATE_MACHINE, new Map([[CASE_TEST_CASE, { name: CASE_TEST_CASE, states: new Map<string, string>() }]])]]),
  responses: new Map(),
};

/**
 * The TaskInvoker a conformance case runs with: its `mockConfig` (state machine "Case", test case
 * "Recorded") with its `mockExtras`. A case without a mock config gets an invoker that fails any
 * Task with `Stepscope.MockNotFound`. Problems in the config come back as diagnostics whose
 * pointers are relative to the case file (`/mockConfig/...`, `/mockExtras/...`).
 */
export function createCaseInvoker(
  testCase: ExecutionCase,
): { ok: true; invoker: TaskInvoker } | { ok: false; diagnostics: MockDiagnostic[] } {
  const diagnostics: MockDiagnostic[] = [];
  let config = NOTHING_MOCKED;
  if (testCase.mockConfig !== null) {
    const parsed = parseMockConfig(testCase.mockConfig);
    if (parsed.ok) config = parsed.config;
    else diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, pointer: `/mockConfig${d.pointer}` })));
  }
  let extras: MockExtras | undefined;
  if (testCase.mockExtras !== undefined) {
    const parsed = parseMockExtras(testCase.mockExtras);
    if (parsed.ok) extras = parsed.value;
    else diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, pointer: `/mockExtras${d.pointer}` })));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, invoker: createMockInvoker(config, { stateMachine: CASE_STATE_MACHINE, testCase: CASE_TEST_CASE, extras }) };
}
