/** Help texts of the `stepscope` command and its verbs. */

/** `stepscope --help`. */
export const MAIN_HELP = `stepscope: run, validate and test AWS Step Functions state machines locally

Usage:
  stepscope validate <definition> [--type STANDARD|EXPRESS]
  stepscope run <definition> [--input file|json] [--mock-config file --test-case name]
                [--state-machine name] [--seed n] [--history out.json]
  stepscope test <case files or folders...> [--json report.json] [--category c]
                 [--filter substr] [--verbose]

Definitions, inputs and mock configs may be JSON or YAML.
Run "stepscope <verb> --help" for the options of a verb.

Exit codes: 0 success, 1 execution failed / cases failed, 2 bad usage or invalid input,
3 internal error (a bug in Stepscope; set STEPSCOPE_DEBUG=1 for the stack trace).
`;

/** Help of each verb. */
export const VERB_HELP: Record<string, string> = {
  validate: `Usage: stepscope validate <definition> [--type STANDARD|EXPRESS]

Checks an Amazon States Language definition (JSON or YAML) and reports every problem with its
file, line and column.

Options:
  --type STANDARD|EXPRESS   workflow type to validate for (default STANDARD)
  -h, --help                show this help

Exit codes: 0 valid (warnings may be printed), 2 invalid or unreadable.
`,
  run: `Usage: stepscope run <definition> [options]

Runs a state machine locally on a virtual clock and prints the execution's output as JSON, or
its error and cause when it fails.

Options:
  --input <file|json>       execution input: a JSON/YAML file, or inline JSON such as '{"a":1}'
                            (default {})
  --mock-config <file>      Step Functions Local MockConfigFile answering Task states
  --test-case <name>        test case of the mock config (may be left out when there is one)
  --state-machine <name>    state machine of the mock config (may be left out when there is one);
                            also the state machine's name in ARNs and the Context object
  --seed <n>                seed for States.UUID, States.MathRandom, jitter and task tokens
                            (default 0)
  --history <file>          write the execution's history events (GetExecutionHistory shape)
  -h, --help                show this help

Without a mock config, every Task state fails with Stepscope.MockNotFound.

Exit codes: 0 SUCCEEDED, 1 FAILED, TIMED_OUT or ABORTED, 2 bad usage or invalid input.
`,
  test: `Usage: stepscope test <case files or folders...> [options]

Runs AWS-recorded conformance cases (JSON files; folders are searched recursively) and compares
each run with the recording. Prints the first mismatch of every failing case and a summary per
category (a case's category is the name of its folder).

Options:
  --json <file>             write a report: {"total", "passed", "failed": [case ids],
                            "byCategory": {"<category>": {"total", "passed"}}}
  --category <c>            only cases of this category (may be repeated)
  --filter <substr>         only cases whose id contains substr
  --verbose                 also list the cases that pass
  -h, --help                show this help

Exit codes: 0 all cases passed, 1 some failed, 2 bad usage or unreadable case files.
`,
};
