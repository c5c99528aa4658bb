import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import { checkExecutionInput, InvalidExecutionInputError } from '../../../../src-main/common/engine/executionInput';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';
import type { Json } from '../../../../src-main/common/json';
import { createObjectStore } from '../../../../src-main/common/engine/itemReader/objectStore';
import { ItemReaderError, readItems } from '../../../../src-main/common/engine/itemReader/readItems';

// Issue #18, item 5: a deeply nested value must fail a state (or be refused at the start) with a
// States.* failure or InvalidExecutionInput, never throw a RangeError out of the engine.

const none: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'NoScript' } }) };

function nested(depth: number): Json {
  let v: Json = 0;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** An invoker whose every Task succeeds with `output`. */
function returning(output: Json): TaskInvoker {
  return { invoke: () => ({ kind: 'success', output }) };
}

function details(e: HistoryEvent): Record<string, unknown> {
  return Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as Record<string, unknown>;
}

/** A state-scoped failure's cause, as the interpreter words it. */
function inState(cause: string): string {
  return `An error occurred while executing the state 'Deep' (entered at the event id #2). ${cause}`;
}

/** A JSONata expression that builds `{"a":{"a":...}}` `depth` levels deep without deep recursion. */
function deepExpression(depth: number): string {
  return `{% $reduce([1..${depth}], function($acc, $v) { {"a": $acc} }, 0) %}`;
}

describe('deeply nested values (issue #18, item 5)', () => {
  it('an Assign holding a JSONata value nested 20,000 levels fails the field with States.QueryEvaluationError', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Deep',
      States: { Deep: { Type: 'Pass', Assign: { deep: deepExpression(20_000) }, End: true } },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(
      inState(`The JSONata expression '${deepExpression(20_000).slice(2, -2).trim()}' specified for the field 'Assign/deep' returned a value nested more than 1000 levels deep.`),
    );
  });

  it('an Assign that wraps a 999-level Task result two levels deeper fails the state with States.Runtime', async () => {
    // The result itself (1,000 levels with its wrapper) is within the limit; the variable is not.
    const definition: StateMachineDefinition = {
      StartAt: 'Deep',
      States: {
        Deep: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Assign: { deep: { x: { 'y.$': '$.v' } } }, ResultPath: null, End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: returning({ v: nested(999) }) });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'ExecutionFailed']);
    expect(details(r.events[5])).toEqual({
      error: 'States.Runtime',
      cause: inState("The value of the variable 'deep' is nested more than 1000 levels deep."),
    });
  });

  it('a variable 1,000 levels deep is accepted', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Deep',
      States: { Deep: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Assign: { deep: { 'x.$': '$.v' } }, ResultPath: null, End: true } },
    };
    const r = await runExecution({ definition, input: {}, invoker: returning({ v: nested(998) }) });
    expect(r.status).toBe('SUCCEEDED');
  });

  it('a Task result 100,000 levels deep fails the state with States.Runtime instead of throwing', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Deep',
      States: { Deep: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    };
    const r = await runExecution({ definition, input: {}, invoker: returning(nested(100_000)) });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'ExecutionFailed']);
    expect(details(r.events[4])).toEqual({ error: 'States.Runtime', cause: inState('The payload is nested more than 1000 levels deep.') });
  });

  it('States.StringToJson refuses JSON nested over 1,000 levels; States.JsonToString a value that deep', async () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    const parse: StateMachineDefinition = {
      StartAt: 'Deep',
      States: { Deep: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true } },
    };
    const r = await runExecution({ definition: parse, input: { text }, invoker: none });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    expect(details(r.events[2])).toEqual({
      error: 'States.Runtime',
      cause: inState('Invalid arguments in States.StringToJson: the JSON is nested more than 1000 levels deep'),
    });
    const print: StateMachineDefinition = {
      StartAt: 'Deep',
      States: { Deep: { Type: 'Pass', Parameters: { 's.$': 'States.JsonToString(States.Array(States.Array($.v)))' }, End: true } },
    };
    const p = await runExecution({ definition: print, input: { v: nested(999) }, invoker: none });
    expect(p.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    expect(details(p.events[2])).toEqual({
      error: 'States.Runtime',
      cause: inState('Invalid arguments in States.JsonToString: the value is nested more than 1000 levels deep'),
    });
  });

  it('refuses an execution input nested too deeply before the execution starts: no event at all', async () => {
    const definition: StateMachineDefinition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const emitted: HistoryEvent[] = [];
    const run = runExecution({ definition, input: nested(100_000), invoker: none, sink: { emit: (e) => emitted.push(e) } });
    await expect(run).rejects.toThrow(InvalidExecutionInputError);
    await expect(run).rejects.toMatchObject({ code: 'InvalidExecutionInput', message: 'The execution input is nested more than 1000 levels deep.' });
    expect(emitted).toEqual([]);
  });

  it('refuses an execution input over 262,144 UTF-8 bytes (StartExecution input length constraint)', async () => {
    const input = { s: 'é'.repeat(131_070) };
    expect(checkExecutionInput(input)).toEqual({
      ok: false,
      error: 'InvalidExecutionInput',
      message: 'The execution input is 262148 bytes (UTF-8), over the maximum of 262144 bytes.',
    });
    expect(checkExecutionInput(input, false).ok).toBe(true);
    expect(checkExecutionInput({ s: 'é'.repeat(131_066) })).toEqual({ ok: true, text: JSON.stringify({ s: 'é'.repeat(131_066) }) });
  });
});

describe('ItemReader items nested too deeply (issue #18, item 5)', () => {
  const deepList = '[' + '['.repeat(1001) + ']'.repeat(1001) + ']';
  const store = createObjectStore([
    { Bucket: 'b', Key: 'deep.json', Body: deepList },
    { Bucket: 'b', Key: 'deep.jsonl', Body: '{"a":1}\n' + '['.repeat(1001) + ']'.repeat(1001) + '\n' },
    { Bucket: 'b', Key: 'ok.json', Body: '[' + '['.repeat(1000) + ']'.repeat(1000) + ']' },
  ]);
  const read = (key: string, InputType: string) =>
    readItems({ resource: 'arn:aws:states:::s3:getObject', readerConfig: { InputType }, parameters: { Bucket: 'b', Key: key }, maxItems: undefined }, store);

  it('refuses a JSON or JSONL item over 1,000 levels with an ItemReaderError (the Map Run fails with States.ItemReaderFailed)', () => {
    const error = new ItemReaderError('The file holds an item nested more than 1000 levels deep.');
    expect(() => read('deep.json', 'JSON')).toThrow(error);
    expect(() => read('deep.jsonl', 'JSONL')).toThrow(error);
    expect(read('ok.json', 'JSON')).toHaveLength(1);
  });
});
