import { isValid, validateDefinitionText } from '../../common/asl/validate';
import { loadExamples } from './examples';
import type { SfnApiStatus } from '../../common/contract/api';
import type { ApiMethods, ServiceContext } from './serviceContext';

/** The gallery and the editor's checks: `examples.list` and `definitions.validate`. */
export function createExampleMethods(ctx: ServiceContext): ApiMethods<'examples.list' | 'definitions.validate'> {
  return {
    'examples.list': async () => loadExamples(ctx.options.examplesDir),
    'definitions.validate': async ({ text, stateMachineType }) => {
      const { diagnostics } = validateDefinitionText(text, stateMachineType === undefined ? {} : { stateMachineType });
      return { valid: isValid(diagnostics), diagnostics };
    },
  };
}

/** Without a host endpoint: nothing is served and nothing can be turned on. */
const NO_SFN_API: SfnApiStatus = { configurable: false, enabled: false, port: null, url: null, error: null };

/**
 * `app.ready`: a page has subscribed to pushes (the desktop app then pushes the files it kept);
 * `endpoint.status`/`configure`: the host's Step Functions API endpoint (ServiceOptions.sfnApi).
 */
export function createAppMethods(ctx: ServiceContext): ApiMethods<'app.ready' | 'endpoint.status' | 'endpoint.configure'> {
  return {
    'app.ready': async () => {
      ctx.options.onAppReady?.();
      return null;
    },
    'endpoint.status': async () => ctx.options.sfnApi?.status() ?? NO_SFN_API,
    'endpoint.configure': async (setting) => (ctx.options.sfnApi !== undefined ? ctx.options.sfnApi.set(setting) : NO_SFN_API),
  };
}
