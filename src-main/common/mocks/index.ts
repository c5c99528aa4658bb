/** Public surface of the mocks folder: MockConfigFile parsing, the mock invoker and local handlers. */
export {
  parseMockConfig,
  parseMockExtras,
  parseInvocationKey,
  resolveTestCase,
  findMockResponse,
  type MockConfig,
  type MockDiagnostic,
  type MockAnswer,
  type MockResponseEntry,
  type MockedResponse,
  type MockTestCase,
  type MockExtras,
  type MockInvocationExtras,
  type MockParseResult,
  type MockLookup,
} from './mockConfig';
export {
  createMockInvoker,
  outcomeFromAnswer,
  isTimeoutError,
  cloneJson,
  MOCK_NOT_FOUND_ERROR,
  type MockInvokerOptions,
  type MockTaskOutcome,
  type TaskOutcomeExtras,
} from './mockInvoker';
export {
  createHandlerInvoker,
  succeedTask,
  failTask,
  timeOutTask,
  isHandlerOutcome,
  NO_HANDLER_ERROR,
  INVALID_HANDLER_RESULT_ERROR,
  type Handler,
  type HandlerResult,
  type HandlerOutcome,
} from './handlerInvoker';
export {
  generateTaskResponse,
  createGeneratedResponder,
  type GeneratedResponse,
  type GeneratedAnswer,
  type GeneratedResponder,
  type GenerateOptions,
} from './generateResponse';
export { taskShape, serviceModel, modelledServices, type TaskShape, type ServiceModel, type ShapeRef, type StructureShape } from './serviceShapes';
export {
  checkMockShapes,
  checkReturnedValue,
  formatShapeProblem,
  parseFieldValidationMode,
  taskResources,
  FIELD_VALIDATION_MODES,
  DEFAULT_FIELD_VALIDATION,
  type FieldValidationMode,
  type ShapeProblem,
} from './shapeCheck';
