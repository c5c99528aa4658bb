/** Help texts of the `stepscope` command and its verbs. */

/** `stepscope --help`. */
export const MAIN_HELP = `stepscope: run, validate and test AWS Step Functions state machines locally

Usage:
  stepscope validate <definition> [--type STANDARD|EXPRESS] [--state-machine id] [--sub N=v]...
  stepscope run <definition> [--input file|json | --input-json json]
                [--mock-config file --test-case name]
                [--state-machine name] [--seed n] [--history out.json] [--no-store]
                [--type STANDARD|EXPRESS] [--sub Name=value]... [--s3-root dir]
  stepscope run <bundle.json>                 run an exported bundle again
  stepscope list [--status S] [--state-machine name] [--children] [--json]
  stepscope show <execution> [--json]
  stepscope import <files...> [--json]
  stepscope export <execution> [--bundle] [-o file]
  stepscope rm <execution...>
  stepscope pull <execution-arn|state-machine-arn> [--status S] [--limit n] [--profile p]
                 [--region r] [--endpoint-url url] [--children [--max-children n]] [--json]
  stepscope import-logs <exported CloudWatch Logs files...> [--json]
  stepscope import-logs --log-group name [--execution-arn arn] [--since time] [--profile p]
                        [--region r] [--endpoint-url url] [--json]
  stepscope test <test files or folders...> [--json report.json] [--junit out.xml]
                 [--shard i/n] [--coverage] [--coverage-file f] [--suggest]
                 [--filter substr] [--verbose] [--category c]
  stepscope replay <history files or folders...> --definition <edited definition> [--json f]
  stepscope replay --state-machine name --definition <edited definition> [--db file]
  stepscope serve [--port n] [--db file] [--open] [--sfn-port n] [--mock-config file]
                  [--sfn-allow-origin origin] [--sfn-access-key-id id]

Definitions, inputs and mock configs may be JSON or YAML. A definition may also be a SAM or
CloudFormation template (CDK's cdk.out/*.template.json too) or an .asl.json/.asl.yaml with
\${Placeholders}: see "stepscope run --help".

Runs and imports are kept in an execution store: --db <file>, else $STEPSCOPE_DB, else stepscope.db in the application-data folder
(Linux: $XDG_DATA_HOME/stepscope or ~/.local/share/stepscope; macOS: ~/Library/Application
Support/Stepscope; Windows: %APPDATA%\\Stepscope). <execution> is an id from "stepscope list", an
execution ARN or a name (the most recent execution with that name). When another Stepscope
process is writing to the store, a verb that writes waits for it up to $STEPSCOPE_BUSY_TIMEOUT_MS
milliseconds (default 5000), then gives up without changing anything.
Run "stepscope <verb> --help" for the options of a verb.

Exit codes: 0 success, 1 execution failed / cases failed, 2 bad usage or invalid input (also: the
store is busy, read-only or not a Stepscope store), 3 internal error (a bug in Stepscope; set
STEPSCOPE_DEBUG=1 for the stack trace).
`;

/** Help of each verb. */
export const VERB_HELP: Record<string, string> = {
  validate: `Usage: stepscope validate <definition> [--type STANDARD|EXPRESS]

Checks an Amazon States Language definition (JSON or YAML) and reports every problem with its
file, line and column. A definition larger than AWS's 1 MB (1,048,576 bytes) is refused. The
definition may be in a SAM/CloudFormation/CDK template, as for "stepscope run".

Options:
  --type STANDARD|EXPRESS   workflow type to validate for (default: the template's, else STANDARD)
  --sub <Name=value>        a value for a placeholder, parameter or resource (repeatable)
  --s3-root <dir>           local folder standing for S3 (a template's DefinitionS3Location)
  --region, --account       region and account of made-up ARNs (us-east-1, 111111111111)
  --mock-config <file>      also check this MockConfigFile: its form, then every Return against
                            the output shape of its Task's AWS service (from AWS's models)
  --test-case <name>        only this test case of the mock config
  --state-machine <name>    a template's state machine, by logical id (or name); else only this
                            state machine of the mock config
  --field-validation <m>    STRICT (default, as TestState): required fields present, no unknown
                            fields, types as the model says; PRESENT: only the fields given are
                            checked; NONE: no shape check
  -h, --help                show this help

Exit codes: 0 valid (warnings may be printed), 2 invalid or unreadable.
`,
  run: `Usage: stepscope run <definition> [options]

Runs a state machine locally on a virtual clock and prints the execution's output as JSON, or
its error and cause when it fails.

Options:
  --input <file|json>       execution input: the file of that name when it exists (JSON, or
                            YAML unless it ends in .json), else inline JSON such as '{"a":1}'
                            (default {}); an existing file always wins
  --input-json <json>       execution input as inline JSON, never read as a file name
  --mock-config <file>      Step Functions Local MockConfigFile answering Task states
  --test-case <name>        test case of the mock config (may be left out when there is one)
  --state-machine <name>    a template's state machine, by logical id (or name); else the state
                            machine of the mock config (may be left out when there is one);
                            also the state machine's name in ARNs and the Context object
  --type STANDARD|EXPRESS   workflow type (default: the template's, else STANDARD): an Express
                            run has express: execution ARNs and stops after five minutes
  --sub <Name=value>        a value for a \${Placeholder}, a template parameter, a resource's Ref
                            (its logical id) or Fn::GetAtt (LogicalId.Attribute); repeatable
  --s3-root <dir>           local folder standing for S3: s3://bucket/key is <dir>/bucket/key, for
                            a Distributed Map's ItemReader (JSON, JSONL, CSV, S3 Inventory
                            manifest, listObjectsV2) and a template's DefinitionS3Location
  --region, --account       region and account of ARNs, made-up ones included (default us-east-1,
                            111111111111)
  --seed <n>                seed for States.UUID, States.MathRandom, jitter and task tokens
                            (default 0)
  --history <file>          write the execution's history events (GetExecutionHistory shape)
  --db <file>               execution store to record into (default: $STEPSCOPE_DB or the
                            application-data folder; see "stepscope --help")
  --no-store                do not record the execution
  --strict-mocks            a Task no mock answers fails with Stepscope.MockNotFound instead of
                            getting a generated response
  --field-validation <m>    check the test case's responses against the services' output shapes
                            first: STRICT, PRESENT or NONE (default: no check, as Step Functions
                            Local)
  -h, --help                show this help

The definition may be ASL (JSON/YAML, with \${Placeholders}), a SAM template (Definition,
DefinitionUri beside it, DefinitionSubstitutions), a CloudFormation template (Definition,
DefinitionString with Fn::Sub/Fn::Join/Ref/Fn::GetAtt, DefinitionS3Location, YAML short tags such
as !Sub) or CDK output (cdk.out/<Stack>.template.json). Values only a deployment knows (a function's
ARN, a table's name) are made up in AWS's shape and listed on stderr; give real ones with --sub.

A Task state that no mock answers gets a response generated from the AWS service's model (shaped
like the real integration's; lambda:invoke echoes its Payload; same seed, same values); the Tasks
so answered are listed on stderr. .waitForTaskToken Tasks get {} (the callback's result is not
known). Given a bundle written
by "stepscope export --bundle", runs its definition with its input, mock config, test case and seed.

Files are read as UTF-8 text (anything else is refused, with the byte offset), and only regular
files (not FIFOs or devices). As in AWS, a definition may be at most 1 MB (1,048,576 bytes) and
the input at most 256 KiB (262,144 bytes); larger ones are refused before they are read or run.

Exit codes: 0 SUCCEEDED, 1 FAILED, TIMED_OUT or ABORTED, 2 bad usage or invalid input.
`,
  test: `Usage: stepscope test <test files or folders...> [options]

Runs the tests of your own state machines: user test files (*.sfn-test.json, *.sfn-test.yaml;
folders are searched recursively), each naming a definition, its mocks and cases with an input
and expectations (README, "Testing your state machines"). Prints the first mismatch of every
failing case, with the expected and actual values and the history event it is about.
Given folders or files holding no user test files, runs AWS-recorded conformance cases (JSON)
instead and compares each run with the recording, with a summary per category (folder).

Options (user test files):
  --json <file>             write a report: {"total", "passed", "failed", "errors", "cases": [...]}
  --junit <file>            write JUnit XML: one testcase per case (classname: file/state machine)
  --shard <i/n>             run only shard i of n (cases split by a stable hash of file and name)
  --coverage                print coverage per state machine: states, transitions (Next, Choice
                            rules, Default, Catchers), retriers (retried/exhausted), branches
  --coverage-file <file>    write the coverage as JSON (the app draws it on the graph)
  --suggest                 propose cases for uncovered Choice rules and Catchers (verified by
                            running them), ready to add under "cases"
  --filter <substr>         only cases whose "file › case" contains substr
  --verbose                 also list the cases that pass
Options (conformance cases):
  --json <file>             write a report: {"total", "passed", "failed": [case ids],
                            "byCategory": {"<category>": {"total", "passed"}}}
  --category <c>            only cases of this category (may be repeated)
  --filter <substr>         only cases whose id contains substr
  --verbose                 also list the cases that pass
  --generate-missing-mocks  a Task the case does not mock gets a generated response instead of
                            failing with Stepscope.MockNotFound
  --field-validation <m>    check each case's mocked responses against the services' output
                            shapes: STRICT (default, as TestState), PRESENT or NONE
  -h, --help                show this help

Exit codes: 0 all cases passed, 1 some failed, 2 bad usage, unreadable or invalid test files.
`,
  replay: `Usage: stepscope replay <history files or folders...> --definition <edited definition> [options]

Checks an edit of a definition against recorded executions: re-runs each recorded execution
(a get-execution-history output, a Stepscope bundle or a conformance case; folders are searched
recursively) under the edited definition, its Task answers taken from the recording, and says
whether it takes the recorded path to the recorded status and output, or names the first
recorded event where it diverges and why. With a folder or several files, ends with a summary.

Or: stepscope replay --state-machine <name> --definition <edited definition> [--db file]
replays every ended execution of that state machine kept in the execution store.

Options:
  --definition <file>       the edited definition (JSON or YAML)
  --state-machine <name>    replay the stored executions of this state machine
  --db <file>               the execution store (default: $STEPSCOPE_DB, else the user's)
  --json <file>             write a report: {"same", "diverged", "errors", "executions": [...]}
  --verbose                 also print both paths; list the definitions skipped in folders
  -h, --help                show this help

Exit codes: 0 no divergence, 1 some execution diverges, 2 bad usage or a history that cannot be
replayed.
`,
  serve: `Usage: stepscope serve [--port n] [--db file] [--open] [--sfn-port n] [--mock-config file]
                      [--sfn-allow-origin origin] [--sfn-access-key-id id]

Serves the Stepscope user interface and its API to your browser, on 127.0.0.1 only. The first
line printed is the URL to open; it holds a random token made for this launch, which every
request must carry (the page keeps it in a cookie). Requests naming another host or coming from
another origin are refused. Runs and imports are kept in the execution store, like the other
verbs' (see "stepscope --help").

Options:
  --port <n>                TCP port (default 0: a free port, shown in the URL)
  --db <file>               the execution store (default: $STEPSCOPE_DB, else the user's)
  --open                    open the URL in the default browser
  --sfn-port <n>            port of the Step Functions API (default 0: a free port)
  --mock-config <file>      MockConfigFile for StartExecution's stateMachineArn#TestCase
  --sfn-allow-origin <o>    let browser pages of this origin call the Step Functions API
                            (repeatable; default: requests with an Origin are refused)
  --sfn-access-key-id <id>  require requests signed with this access key id
  -h, --help                show this help

It also serves the Step Functions API (AWS JSON 1.0) on 127.0.0.1: the second line printed is
"Step Functions API: http://127.0.0.1:<port>", the endpoint URL to give the AWS SDKs and the AWS
CLI (--endpoint-url). Executions started through it are stored and shown like any other.

Stop it with Ctrl+C. Exit codes: 0 stopped, 2 bad usage or the port is taken.
`,
  pull: `Usage: stepscope pull <execution-arn|state-machine-arn> [options]

Fetches executions from AWS Step Functions and stores them, as "stepscope import" stores the files
the AWS CLI writes: every page of the execution's history (GetExecutionHistory), its description
(DescribeExecution) and the definition it ran with (DescribeStateMachineForExecution). Given a state
machine ARN, pulls its most recent executions. Credentials come from the AWS SDK's default chain
(environment, shared config and credentials files, SSO, process credentials); Stepscope neither
reads nor stores them. Long histories report their progress on stderr.

Options:
  --status <S>              with a state machine ARN: only executions with this status
                            (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE)
  --limit <n>               with a state machine ARN: at most n executions (1-1000, default 10)
  --profile <p>             a named profile of the shared AWS config files
  --region <r>              the region (default: the ARN's)
  --endpoint-url <url>      another Step Functions endpoint (e.g. stepscope serve's)
  --db <file>               the execution store (default: $STEPSCOPE_DB, else the user's)
  --children                also the child executions of their Distributed Map runs, stored
                            under their parent (Express children are left out: AWS keeps no
                            history for them)
  --max-children <n>        with --children: at most n child executions (default 500)
  --json                    print the stored execution ids as JSON
  -h, --help                show this help

Exit codes: 0 stored (or nothing to pull), 2 bad usage, no credentials, access denied, throttled
after the SDK's retries, not found, or unreachable.
`,
  'import-logs': `Usage: stepscope import-logs <files...> [--db file] [--json]
       stepscope import-logs --log-group <name> [--execution-arn arn] [--since time] [options]

Rebuilds executions (Express workflows above all: AWS keeps no history for them) from the log
events a state machine writes to CloudWatch Logs, and stores them as imports, one per execution
ARN. A file is the output of "aws logs filter-log-events" or "aws logs get-log-events", a JSON list
of log messages, or an export with one message per line. The state machine must log at level ALL:
at ERROR or FATAL events are missing and nothing is imported (the missing events are named).
Without execution data (includeExecutionData false) inputs and outputs are unknown, and truncated
payloads stay truncated: each is noted on stderr. With --log-group the log events are fetched
from CloudWatch Logs (FilterLogEvents, every page) with the AWS SDK's default credential chain.

Options:
  --log-group <name>        fetch the log events of this log group instead of reading files
  --execution-arn <arn>     with --log-group: only this execution's events
  --since <time>            with --log-group: only events from this ISO-8601 time on
  --profile <p>             with --log-group: a named profile of the shared AWS config files
  --region <r>              with --log-group: the region (default: the execution ARN's)
  --endpoint-url <url>      with --log-group: another CloudWatch Logs endpoint
  --db <file>               the execution store (default: $STEPSCOPE_DB, else the user's)
  --json                    print the stored execution ids as JSON
  -h, --help                show this help

Exit codes: 0 stored, 2 bad usage, unreadable files, or logs the history cannot be rebuilt from.
`,
  list: `Usage: stepscope list [options]

Lists the executions in the store, newest first.

Options:
  --status <S>              only executions with this status (RUNNING, SUCCEEDED, FAILED,
                            TIMED_OUT, ABORTED, PENDING_REDRIVE, INTERRUPTED)
  --state-machine <name>    only executions of this state machine (name or ARN)
  --limit <n>               at most n executions
  --children                also list child executions (Distributed Map iterations and
                            executions started by a startExecution Task; by default they are
                            only counted on their parent's row) and every attempt of a
                            redriven execution (by default it is listed once, as its latest
                            attempt: "attempt 2 of 2")
  --json                    print a JSON array of executions
  --db <file>               execution store (default: $STEPSCOPE_DB or the application-data folder)
  -h, --help                show this help
`,
  show: `Usage: stepscope show <execution> [options]

Prints an execution (an id, ARN or name) and its history as a table: event id, type, state,
time since the start, and a short summary of the details.

Options:
  --json                    print {"execution": ..., "events": [...]} instead
  --db <file>               execution store (default: $STEPSCOPE_DB or the application-data folder)
  -h, --help                show this help
`,
  import: `Usage: stepscope import <files...> [options]

Stores executions recorded elsewhere. Accepts, recognised by their content:
  - the output of "aws stepfunctions get-execution-history" (one file, or every page of it, in
    either order, with or without --include-execution-data), or a bare list of events;
  - the output of "aws stepfunctions describe-execution" and "describe-state-machine";
  - a definition (JSON or YAML); without one, the states and transitions are rebuilt from the events;
  - bundles written by "stepscope export --bundle", and conformance cases (one execution each).
History pages, describe output and definition given together make one execution. When any file
has a problem (not JSON, event ids that do not chain, a definition that does not match the
history), nothing is imported.

Options:
  --definition <file>       the definition of the history (also recognised without this option)
  --name <name>             execution name when no describe-execution output gives one
  --state-machine <name>    state machine name when nothing else gives one
  --json                    print the ids of the executions created, as a JSON array
  --db <file>               execution store (default: $STEPSCOPE_DB or the application-data folder)
  -h, --help                show this help
`,
  export: `Usage: stepscope export <execution> [options]

Writes an execution's history in the JSON shape of "aws stepfunctions get-execution-history"
({"events": [...]}, re-importable), or with --bundle a self-contained file (definition, input,
mock config, test case, seed and history) that "stepscope import" and "stepscope run" accept.

Options:
  --bundle                  write a bundle instead of the history
  -o, --output <file>       write to a file instead of stdout
  --db <file>               execution store (default: $STEPSCOPE_DB or the application-data folder)
  -h, --help                show this help
`,
  rm: `Usage: stepscope rm <execution...> [options]

Deletes executions (ids, ARNs or names) with their events and child executions.

Options:
  --db <file>               execution store (default: $STEPSCOPE_DB or the application-data folder)
  -h, --help                show this help
`,
};
