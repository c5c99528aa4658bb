/**
 * Errors the CLI reports as one clear message (never a stack trace). `exitCode` 2 means bad
 * usage or invalid input; anything else that escapes a command is an internal error.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage mistake (unknown option, missing argument); printed with a pointer to `--help`. */
export class UsageError extends CliError {
  readonly verb: string | undefined;
  constructor(message: string, verb?: string) {
    super(message, 2);
    this.name = 'UsageError';
    this.verb = verb;
  }
}

/** Exit codes of the `stepscope` command. */
export const EXIT = {
  /** Success; for `run`, the execution SUCCEEDED; for `test`, every case passed. */
  ok: 0,
  /** `run`: the execution FAILED, TIMED_OUT or was ABORTED; `test`: some cases failed. */
  failed: 1,
  /** Bad usage or invalid input (unreadable file, malformed JSON/YAML, invalid definition or mock config). */
  usage: 2,
  /** A bug in Stepscope. */
  internal: 3,
} as const;
