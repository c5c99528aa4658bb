/**
 * A writer process for the store's crash test (dist/recordingProbe.mjs): records a long execution
 * into `<db>` through the writer thread, taking real time between Task invocations, and prints
 * "committed <n>" whenever the number of committed events grows, so that a test can kill it with
 * SIGKILL mid-run and check what survived.
 * Usage: node dist/recordingProbe.mjs <db> [iterations]
 */
import { toExecutionArn, toStateMachineArn } from '../../../common/arn';
import { runExecution } from '../../../common/engine/interpreter';
import type { StateMachineDefinition } from '../../../common/asl/types';
import { finishUpdateFromResult, openStore } from '../../store';

const [path, iterationsText] = process.argv.slice(2);
const iterations = Number(iterationsText ?? '100000');
const definition = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Work' },
    Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:probe', Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Work' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

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
  { batchSize: 64, flushIntervalMs: 5 },
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
