/**
 * A writer process for the store's crash test (dist/recordingProbe.mjs): records a long execution
 * into `<db>` through the writer thread, taking real time between Task invocations, and prints
 * "committed <n>" whenever the number of committed events grows, so that a test can kill it with
 * SIGKILL mid-run and check what survived.
 *
 * With `busy` instead of a number of iterations, the run emits 400-odd events quickly, prints
 * "busy" from a Task and then spends minutes in one JSONata evaluation, during which the event
 * loop never turns (issue #18 item 3): a test kills it then and checks that the events came through.
 * Usage: node dist/recordingProbe.mjs <db> [iterations | busy]
 */
import { toExecutionArn, toStateMachineArn } from '../../../common/arn';
import { runExecution } from '../../../common/engine/interpreter';
import type { StateMachineDefinition } from '../../../common/asl/types';
import { finishUpdateFromResult, openStore } from '../../store';

const [path, iterationsText] = process.argv.slice(2);
const busy = iterationsText === 'busy';
const iterations = busy ? 0 : Number(iterationsText ?? '100000');
/** 100 rounds of Pass + Choice (4 events each), a Task that says "busy", then the long evaluation. */
const busyDefinition = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Count' },
    Count: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: 100, Next: 'Count' }], Default: 'Announce' },
    Announce: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:announce', Next: 'Busy' },
    Busy: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $count($filter([1..10000000], function($v) { $v % 7 = 0 })) %}', End: true },
  },
};
const loopDefinition = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Work' },
    Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:probe', Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Work' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
};
const definition = (busy ? busyDefinition : loopDefinition) as unknown as StateMachineDefinition;

const store = openStore({ path });
const recording = store.startRecording(
  {
    stateMachine: { name: 'Probe', arn: toStateMachineArn('Probe') },
    definition: { text: JSON.stringify(definition), format: 'json' },
    name: 'probe',
    arn: toExecutionArn('Probe', 'probe'),
    input: '{}',
    startDate: Date.UTC(2024, 0, 1),
  },
  busy ? {} : { batchSize: 64 },
);
process.stdout.write(`writer-thread ${store.usesWriterThread}\n`);
let reported = 0;
const report = () => {
  const committed = recording.committed();
  if (committed > reported) {
    reported = committed;
    process.stdout.write(`committed ${committed}\n`);
  }
};
const result = await runExecution({
  definition,
  input: {},
  invoker: {
    async invoke(request) {
      if (busy) {
        // Synchronous on Linux (a pipe): the line is out before the long evaluation starts.
        process.stdout.write('busy\n');
        return { kind: 'success', output: { i: 0 } };
      }
      // Real time passes between invocations, so the run lasts long enough to be killed.
      await new Promise((resolve) => setTimeout(resolve, 1));
      report();
      const i = (request.parameters as { i: number }).i;
      return { kind: 'success', output: { i: i + 1 } };
    },
  },
  sink: recording.sink,
  collectEvents: false,
  quotas: { historyEvents: false },
});
await recording.finish(finishUpdateFromResult(result));
report();
await store.close();
process.stdout.write('done\n');
