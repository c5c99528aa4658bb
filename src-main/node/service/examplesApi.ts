import { isValid, validateDefinitionText } from '../../common/asl/validate';
import { loadExamples } from './examples';
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

/** `app.ready`: a page has subscribed to pushes (the desktop app then pushes the files it kept). */
export function createAppMethods(ctx: ServiceContext): ApiMethods<'app.ready'> {
  return {
    'app.ready': async () => {
      ctx.options.onAppReady?.();
      return null;
    },
  };
}
