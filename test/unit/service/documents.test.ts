import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../src-main/common/contract/errors';
import { dispatch } from '../../../src-main/node/service/dispatch';
import { openTestService } from './serviceFixture';

/** `documents.open` and the run options `type` and `s3Root` (issue #12 items 1 and 6), as the app uses them. */
const T = resolve(__dirname, '../../fixtures/templates');
const SAM = join(T, 'sam-express/template.yaml');
const samText = readFileSync(SAM, 'utf8');

describe('service: documents.open', () => {
  it('opens a SAM template whose DefinitionUri sits beside the file the app opened', async () => {
    const { service } = openTestService();
    const opened = await service['documents.open']({ name: 'template.yaml', text: samText, path: SAM });
    expect(opened).toMatchObject({ ok: true, source: 'sam', type: 'EXPRESS', stateMachineName: 'TextProcessingStateMachine' });
    expect(opened.ok && opened.madeUp.map((m) => m.name)).toContain('DecodeFunctionArn');
    const given = await service['documents.open']({ name: 'template.yaml', text: samText, path: SAM, substitutions: { DecodeFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:real' } });
    expect(given.ok && JSON.parse(given.definitionText).States.Decode.Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:111111111111:function:real');
  });

  it('reads nothing beside a path whose file does not hold the text given, and says the definition is in a separate file', async () => {
    const { service } = openTestService();
    const opened = await service['documents.open']({ name: 'template.yaml', text: samText.replace('Express workflow', 'Changed'), path: SAM });
    expect(opened).toMatchObject({ ok: false, problem: 'template' });
    expect(!opened.ok && opened.message).toContain('the definition is in a separate file (statemachine/text.asl.json)');
  });

  it('without a path, names the file a DefinitionUri needs; opened again with that file given, reads it from there', async () => {
    const { service } = openTestService();
    const needs = await service['documents.open']({ name: 'template.yaml', text: samText });
    expect(needs).toMatchObject({ ok: false, problem: 'template', needsFile: 'statemachine/text.asl.json' });
    expect(!needs.ok && needs.message).toContain('choose that file too');
    const aslText = readFileSync(join(T, 'sam-express/statemachine/text.asl.json'), 'utf8');
    const opened = await service['documents.open']({ name: 'template.yaml', text: samText, files: { './statemachine/text.asl.json': aslText } });
    expect(opened).toMatchObject({ ok: true, source: 'sam', type: 'EXPRESS' });
    // A file the template does not name is not a substitute: the message says which files were given.
    const wrong = await service['documents.open']({ name: 'template.yaml', text: samText, files: { 'other.asl.json': aslText } });
    expect(wrong).toMatchObject({ ok: false, problem: 'template' });
    expect(!wrong.ok && wrong.message).toContain('cannot read statemachine/text.asl.json: it was not among the files given (other.asl.json)');
  });

  it('answers the state machines to choose from, then the chosen one', async () => {
    const { service } = openTestService();
    const text = readFileSync(join(T, 'cfn-definition-string.json'), 'utf8');
    const ambiguous = await service['documents.open']({ name: 'stack.json', text });
    expect(ambiguous).toMatchObject({ ok: false, problem: 'ambiguous' });
    expect(!ambiguous.ok && ambiguous.stateMachines.map((m) => m.logicalId)).toEqual(['PaymentStateMachine', 'AuditStateMachine']);
    expect(await service['documents.open']({ name: 'stack.json', text, stateMachine: 'AuditStateMachine' })).toMatchObject({ ok: true, type: 'EXPRESS' });
  });

  it('validates its input through the transport: substitutions must map names to strings', async () => {
    const { service } = openTestService();
    const answer = await dispatch(service, 'documents.open', { name: 'a.json', text: '{}', substitutions: { A: 1 } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/substitutions/A' } });
  });
});

describe('service: run options stateMachineType and s3Root', () => {
  it('starts an Express execution (express: ARN) that reads S3 objects from a folder', async () => {
    const { service } = openTestService();
    const definitionText = readFileSync(join(T, 'distributed-map.asl.json'), 'utf8');
    const started = await service['executions.start']({ definitionText, input: { key: '2024/csv/orders.csv' }, stateMachineType: 'EXPRESS', s3Root: join(T, 's3-root') });
    expect(started.kind).toBe('started');
    await service.whenIdle();
    if (started.kind !== 'started') return;
    const detail = await service['executions.get']({ executionId: started.execution.executionId });
    expect(detail.status).toBe('SUCCEEDED');
    expect(detail.executionArn).toMatch(/^arn:aws:states:us-east-1:111111111111:express:StateMachine:/);
    expect(detail.output).toEqual([
      { id: 'o-3', total: '7' },
      { id: 'o-4', total: '12' },
      { id: 'o-5', total: '1' },
    ]);
  });

  it('refuses an s3Root that is not a folder, naming it', async () => {
    const { service } = openTestService();
    const definitionText = readFileSync(join(T, 'distributed-map.asl.json'), 'utf8');
    await expect(service['executions.start']({ definitionText, s3Root: join(T, 'nope') })).rejects.toThrow(ApiFailure);
    await expect(service['executions.start']({ definitionText, s3Root: join(T, 'nope') })).rejects.toThrow(/nope": no such folder/);
  });
});
