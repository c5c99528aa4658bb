import type { Json } from '../json';
import { utf8Length } from '../json';
import { hasNonFiniteNumber, jsonTextProblem, toCheckedJsonText } from '../jsonLimits';
import { AWS_QUOTAS, LOCAL_PAYLOAD_CEILING_BYTES, type RunOptions } from './run';

/**
 * The checks StartExecution makes on an execution's input before any execution exists.
 *
 * AWS refuses an invalid input at the API, so such an execution has no history at all: the
 * StartExecution API reference (docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html) lists `InvalidExecutionInput` ("The provided JSON input data is not
 * valid", HTTP 400) and gives `input` a maximum length of 262144, where "length constraints apply
 * to the payload size, and are expressed as bytes in UTF-8 encoding". Stepscope refuses the same
 * way: too many bytes (the run's `payloadBytes` quota, AWS's 262,144 by default) or too deep to be
 * JSON text (MAX_JSON_DEPTH, Stepscope's bound: see src-main/common/jsonLimits.ts). The message
 * texts are Stepscope's; AWS's exact wording for these cases is not documented.
 */

/** The outcome of checkExecutionInput: the input's JSON text, or why StartExecution refuses it. */
export type ExecutionInputCheck =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: 'InvalidExecutionInput'; readonly message: string };

/**
 * Checks an execution's input as StartExecution would: JSON text it can hold (nested at most
 * MAX_JSON_DEPTH levels) of at most `payloadBytes` UTF-8 bytes (`false`: AWS's quota is off and
 * only Stepscope's LOCAL_PAYLOAD_CEILING_BYTES applies). Never
 * throws; hosts call it before they create an execution, and runExecution refuses what it refuses.
 */
export function checkExecutionInput(input: Json, payloadBytes: number | false = AWS_QUOTAS.payloadBytes): ExecutionInputCheck {
  const r = toCheckedJsonText(input);
  if (!r.ok) {
    return { ok: false, error: 'InvalidExecutionInput', message: `The execution input ${jsonTextProblem(r.reason)}.` };
  }
  // JSON.parse reads `1e999` as Infinity, whose JSON text would be `null`: say so instead.
  if (hasNonFiniteNumber(input)) return { ok: false, error: 'InvalidExecutionInput', message: 'The execution input holds a number out of range for JSON (beyond ±1.8e308).' };
  const text = r.text;
  const limit = payloadBytes === false ? LOCAL_PAYLOAD_CEILING_BYTES : payloadBytes;
  if (text.length * 3 > limit) {
    const bytes = utf8Length(text);
    if (bytes > limit) {
      return {
        ok: false,
        error: 'InvalidExecutionInput',
        message: `The execution input is ${bytes} bytes (UTF-8), over the maximum of ${limit} bytes.`,
      };
    }
  }
  return { ok: true, text };
}

/**
 * What runExecution rejects with when StartExecution would have refused the input
 * (checkExecutionInput): no execution starts and no event is emitted. `code` is AWS's error name.
 */
export class InvalidExecutionInputError extends Error {
  /** AWS's StartExecution error name. */
  readonly code = 'InvalidExecutionInput';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidExecutionInputError';
  }
}

/**
 * The refusal of a fresh run's input (checkExecutionInput with the run's payload quota), or
 * undefined when it may start. A run that resumes an earlier one (`startAt`: fork, redrive) is
 * not checked: its execution started already.
 */
export function refuseExecutionInput(options: RunOptions): InvalidExecutionInputError | undefined {
  if (options.startAt !== undefined) return undefined;
  const payloadBytes = options.quotas?.payloadBytes ?? AWS_QUOTAS.payloadBytes;
  const check = checkExecutionInput(options.input, payloadBytes);
  return check.ok ? undefined : new InvalidExecutionInputError(check.message);
}
