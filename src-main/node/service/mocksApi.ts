import type { StateMachineDefinition } from '../../common/asl/types';
import { isValid, validateDefinitionText } from '../../common/asl/validate';
import { invalidInput } from '../../common/contract/errors';
import { checkMockShapes, DEFAULT_FIELD_VALIDATION, parseMockConfig } from '../../common/mocks';
import type { Launcher } from './launcher';
import type { ApiMethods } from './serviceContext';

/** The mock-related methods: the mocks editor's check and the generated responses of a run. */
export type MockMethods = ApiMethods<'mocks.check' | 'executions.generatedResponses'>;

/**
 * `mocks.check`: a mock config's form (parseMockConfig's diagnostics), then each Return against
 * its Task's service output shape (TestState's fieldValidationMode, default STRICT).
 * `executions.generatedResponses`: the Task invocations generated responses answered in a run.
 */
export function createMockMethods(launcher: Launcher): MockMethods {
  return {
    'mocks.check': async ({ definitionText, config, fieldValidation }) => {
      const parsed = parseMockConfig(config);
      if (!parsed.ok) return { diagnostics: parsed.diagnostics, problems: [] };
      const validation = validateDefinitionText(definitionText);
      if (validation.value === undefined || !isValid(validation.diagnostics)) {
        throw invalidInput('The definition is invalid: fix it before checking mocks against it', '/definitionText');
      }
      const definition = validation.value as unknown as StateMachineDefinition;
      return { diagnostics: [], problems: checkMockShapes(parsed.config, definition, fieldValidation ?? DEFAULT_FIELD_VALIDATION) };
    },
    'executions.generatedResponses': async ({ executionId }) => launcher.generatedResponses(executionId).map((a) => ({ ...a })),
  };
}
