import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDefinition, type OpenDefinitionOptions, type OpenedDefinition } from '../../../src-main/common/documents/loadDocument';
import { parseCfnYaml, hasCfnShortTags } from '../../../src-main/common/documents/cfnYaml';
import { isValid, validateDefinitionText } from '../../../src-main/common/asl/validate';

const FIXTURES = resolve(__dirname, '../../fixtures/templates');

/** Opens a fixture as the CLI does: files it names are read relative to its folder. */
function open(file: string, options: OpenDefinitionOptions = {}) {
  const path = join(FIXTURES, file);
  return openDefinition(readFileSync(path, 'utf8'), file, { readRelative: (p) => readFileSync(join(dirname(path), p), 'utf8'), ...options });
}

function opened(result: ReturnType<typeof openDefinition>): OpenedDefinition {
  if (!result.ok) throw new Error(result.message);
  return result;
}

function definitionOf(result: ReturnType<typeof openDefinition>): Record<string, any> {
  return JSON.parse(opened(result).definitionText);
}

describe('CloudFormation short tags in YAML', () => {
  it('reads every short form into the long form', () => {
    const text = [
      'A: !Ref Foo',
      'B: !Sub ["x${Y}", {Y: !GetAtt Fn.Arn}]',
      'C: !Join ["", ["a", !Ref B]]',
      'D: !If [Cond, !Ref X, !Ref "AWS::NoValue"]',
      'E: !GetAtt [A, B.C]',
      'F: !Select [0, !Split [",", "a,b"]]',
      'G: !FindInMap [M, K, V]',
      'H: !ImportValue shared-bus',
    ].join('\n');
    expect(hasCfnShortTags(text)).toBe(true);
    expect(parseCfnYaml(text)).toEqual({
      ok: true,
      value: {
        A: { Ref: 'Foo' },
        B: { 'Fn::Sub': ['x${Y}', { Y: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] },
        C: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] },
        D: { 'Fn::If': ['Cond', { Ref: 'X' }, { Ref: 'AWS::NoValue' }] },
        E: { 'Fn::GetAtt': ['A', 'B.C'] },
        F: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
        G: { 'Fn::FindInMap': ['M', 'K', 'V'] },
        H: { 'Fn::ImportValue': 'shared-bus' },
      },
    });
  });

  it('says where a YAML syntax error is', () => {
    const result = parseCfnYaml('A: !Ref Foo\nB: [unclosed\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.line).toBeGreaterThan(0);
  });
});

describe('SAM templates', () => {
  it('reads DefinitionUri beside the template and applies DefinitionSubstitutions (Ref, GetAtt, Sub), with the Express type', () => {
    const result = opened(open('sam-express/template.yaml'));
    expect(result).toMatchObject({ source: 'sam', type: 'EXPRESS', stateMachineName: 'TextProcessingStateMachine', chosen: { logicalId: 'TextProcessingStateMachine' } });
    const definition = JSON.parse(result.definitionText);
    expect(definition.Comment).toBe('Decode, count words, store the counts (region us-east-1)');
    expect(definition.States.Decode.Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:111111111111:function:DecodeFunction');
    // A function whose FunctionName the template gives keeps it.
    expect(definition.States.CountWords.Resource).toBe('arn:aws:lambda:us-east-1:111111111111:function:count-words');
    expect(definition.States.Store.Parameters.TableName).toBe('ResultsTable');
    expect(isValid(validateDefinitionText(result.definitionText, { stateMachineType: 'EXPRESS' }).diagnostics)).toBe(true);
    // Made-up values are listed under the placeholder's name, which the user can set.
    expect(result.madeUp.map((m) => m.name).sort()).toEqual(['CountWordsFunctionArn', 'DecodeFunctionArn', 'ResultsTableName']);
  });

  it('takes the user values (--sub) over the template and lists them no more', () => {
    const result = opened(open('sam-express/template.yaml', { substitutions: { ResultsTableName: 'prod-results', DecodeFunctionArn: 'arn:aws:lambda:eu-west-1:222222222222:function:decode' } }));
    const definition = JSON.parse(result.definitionText);
    expect(definition.States.Store.Parameters.TableName).toBe('prod-results');
    expect(definition.States.Decode.Parameters.FunctionName).toBe('arn:aws:lambda:eu-west-1:222222222222:function:decode');
    expect(result.madeUp.map((m) => m.name)).toEqual(['CountWordsFunctionArn']);
    expect(result.unusedSubstitutions).toEqual([]);
    expect(opened(open('sam-express/template.yaml', { substitutions: { ResultTableName: 'typo' } })).unusedSubstitutions).toEqual(['ResultTableName']);
  });

  it('puts made-up ARNs in the region and account the user sets', () => {
    const definition = definitionOf(open('sam-express/template.yaml', { scope: { region: 'eu-central-1', account: '123456789012' } }));
    expect(definition.States.Decode.Parameters.FunctionName).toBe('arn:aws:lambda:eu-central-1:123456789012:function:DecodeFunction');
  });

  it('evaluates intrinsic functions inside an inline Definition, with Conditions, parameter defaults and the Name', () => {
    const result = opened(open('sam-inline.yaml'));
    // Name: !Sub 'orders-${Stage}', with the parameter's default.
    expect(result).toMatchObject({ source: 'sam', type: 'STANDARD', stateMachineName: 'orders-dev', chosen: { logicalId: 'OrderWorkflow' } });
    const definition = JSON.parse(result.definitionText);
    expect(definition.States.CheckStock.Resource).toBe('arn:aws:lambda:us-east-1:111111111111:function:CheckStockFunction');
    expect(definition.States.Notify.Parameters.TopicArn).toBe('arn:aws:sns:us-east-1:111111111111:OrdersTopic');
    // Stage defaults to dev, so IsProd is false; NotifyEmail has no default: made up and listed.
    expect(definition.States.Notify.Parameters.Message).toBe('order placed (dev) for NotifyEmail');
    expect(result.madeUp.map((m) => m.name)).toContain('NotifyEmail');
    const prod = definitionOf(open('sam-inline.yaml', { substitutions: { Stage: 'prod' } }));
    expect(prod.States.Notify.Parameters.Message).toBe('order placed');
  });

  it('names the file, the logical id and the property when DefinitionUri cannot be read', () => {
    const text = readFileSync(join(FIXTURES, 'sam-express/template.yaml'), 'utf8').replace('statemachine/text.asl.json', 'statemachine/missing.asl.json');
    const result = openDefinition(text, 'template.yaml', {
      readRelative: () => {
        throw new Error('no such file');
      },
    });
    expect(result).toMatchObject({ ok: false, problem: 'template' });
    expect(!result.ok && result.message).toBe(
      'template.yaml: state machine TextProcessingStateMachine (AWS::Serverless::StateMachine), DefinitionUri: cannot read statemachine/missing.asl.json: no such file',
    );
  });
});

describe('CloudFormation templates', () => {
  it('lists the state machines when none is chosen and there are several', () => {
    const result = open('cfn-definition-string.json');
    expect(result).toMatchObject({ ok: false, problem: 'ambiguous' });
    expect(!result.ok && result.stateMachines.map((m) => [m.logicalId, m.type, m.name])).toEqual([
      ['PaymentStateMachine', 'STANDARD', 'PaymentFlow'],
      ['AuditStateMachine', 'EXPRESS', undefined],
    ]);
    expect(!result.ok && result.message).toContain('has 2 state machines; choose one by its logical id: PaymentStateMachine (AWS::StepFunctions::StateMachine, STANDARD, named PaymentFlow)');
  });

  it('reads DefinitionString written with Fn::Sub: pseudo parameters, Ref to a queue (its URL), GetAtt in ${A.B}', () => {
    const result = opened(open('cfn-definition-string.json', { stateMachine: 'PaymentStateMachine' }));
    expect(result).toMatchObject({ source: 'cloudformation', stateMachineName: 'PaymentFlow', type: 'STANDARD' });
    const definition = JSON.parse(result.definitionText);
    expect(definition.States.Pay.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(definition.States.Pay.Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:111111111111:function:PaymentFunction');
    expect(definition.States.Enqueue.Parameters.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/111111111111/JobsQueue');
    expect(result.madeUp.map((m) => m.name).sort()).toEqual(['JobsQueue', 'PaymentFunction.Arn']);
  });

  it('picks a state machine by its name too', () => {
    expect(opened(open('cfn-definition-string.json', { stateMachine: 'PaymentFlow' })).chosen?.logicalId).toBe('PaymentStateMachine');
  });

  it('reads Fn::Sub with a variable map, keeps ${!Literal} for DefinitionSubstitutions, and the Express type', () => {
    const result = opened(open('cfn-definition-string.json', { stateMachine: 'AuditStateMachine' }));
    expect(result.type).toBe('EXPRESS');
    expect(JSON.parse(result.definitionText).States.Record.Result).toEqual({ region: 'us-east-1', table: 'audit-111111111111', literal: 'from-substitutions' });
    expect(result.madeUp).toEqual([]);
  });

  it('says which state machines there are when the one asked for is not there', () => {
    const result = open('cfn-definition-string.json', { stateMachine: 'Nope' });
    expect(result).toMatchObject({ ok: false, problem: 'notFound' });
    expect(!result.ok && result.message).toMatch(/has no state machine "Nope"; it has PaymentStateMachine .*AuditStateMachine/);
  });

  it('reads a CDK output template: DefinitionString as Fn::Join of fragments, Ref AWS::Partition and Fn::GetAtt', () => {
    const result = opened(open('cdk-out/OrderPipelineStack.template.json'));
    expect(result).toMatchObject({ source: 'cloudformation', stateMachineName: 'OrderStateMachine6C968CA5' });
    const definition = JSON.parse(result.definitionText);
    expect(definition.States['Validate Order'].Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(definition.States['Validate Order'].Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:111111111111:function:ValidateOrderFnA1B2C3D4');
    expect(definition.States['Save Order'].Parameters.TableName).toBe('OrdersTable0E1F2A3B');
    expect(isValid(validateDefinitionText(result.definitionText).diagnostics)).toBe(true);
    const given = definitionOf(open('cdk-out/OrderPipelineStack.template.json', { substitutions: { 'ValidateOrderFnA1B2C3D4.Arn': 'arn:aws:lambda:us-east-1:1:function:v', OrdersTable0E1F2A3B: 'orders' } }));
    expect(given.States['Validate Order'].Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:1:function:v');
    expect(given.States['Save Order'].Parameters.TableName).toBe('orders');
  });

  it('reads DefinitionS3Location from the local S3 folder, and says where it looked when the object is not there', () => {
    const template = JSON.stringify({
      Resources: { Flow: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionS3Location: { Bucket: 'defs', Key: 'flows/flow.asl.json' }, DefinitionSubstitutions: { Greeting: 'hi' } } } },
    });
    const objects: Record<string, string> = { 'defs/flows/flow.asl.json': '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"${Greeting}","End":true}}}' };
    const ok = opened(openDefinition(template, 'stack.json', { readS3Object: (b, k) => objects[`${b}/${k}`] }));
    expect(JSON.parse(ok.definitionText).States.P.Result).toBe('hi');
    const missing = openDefinition(template, 'stack.json', { readS3Object: () => undefined, readRelative: () => { throw new Error('no such file'); } });
    expect(!missing.ok && missing.message).toBe(
      'stack.json: state machine Flow (AWS::StepFunctions::StateMachine), DefinitionS3Location: the definition is the S3 object s3://defs/flows/flow.asl.json, which is not in the local S3 folder (give one with --s3-root) nor beside the template (flows/flow.asl.json, asset.flows/flow.asl.json)',
    );
  });

  it('names the logical id and property of a problem in an intrinsic function', () => {
    const template = JSON.stringify({ Resources: { Flow: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', 'not a list'] } } } } });
    const result = openDefinition(template, 'bad.json');
    expect(!result.ok && result.message).toBe('bad.json: state machine Flow (AWS::StepFunctions::StateMachine), DefinitionString (Fn::Join): Fn::Join needs [delimiter, [values]]');
    const both = openDefinition(JSON.stringify({ Resources: { Flow: { Type: 'AWS::StepFunctions::StateMachine', Properties: { Definition: {}, DefinitionString: '{}' } } } }), 'both.json');
    expect(!both.ok && both.message).toBe('both.json: state machine Flow (AWS::StepFunctions::StateMachine), (its properties): it has both Definition and DefinitionString; AWS takes only one');
    const notJson = openDefinition(JSON.stringify({ Resources: { Flow: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{"StartAt":' } } } }), 'nj.json');
    expect(!notJson.ok && notJson.message).toMatch(/^nj\.json: state machine Flow \(AWS::StepFunctions::StateMachine\), DefinitionString: its value is not JSON/);
  });

  it('says so when a template has no state machine', () => {
    const result = openDefinition('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n', 'queue.yaml');
    expect(result).toMatchObject({ ok: false, problem: 'template' });
    expect(!result.ok && result.message).toContain('queue.yaml is a template with no state machine');
  });
});

describe('shapes seen in public SAM samples', () => {
  it('reads an .asl.yaml whose placeholders are plain YAML scalars, beside a template with Globals, Connectors and a SimpleTable', () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function: {Runtime: nodejs20.x, Environment: {Variables: {TABLE: !Ref OrderTable, MACHINE: !Ref Curbside}}}',
      'Resources:',
      '  Curbside:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      Name: CurbsidePickup',
      '      DefinitionUri: ./statemachine/flow.asl.yaml',
      '      DefinitionSubstitutions: {DDBTable: !Ref OrderTable, SQSPick: !Ref PickQueue}',
      '  OrderTable: {Type: AWS::Serverless::SimpleTable, Properties: {TableName: CurbsideOrderTable, PrimaryKey: {Name: id, Type: String}}}',
      '  PickQueue: {Type: AWS::SQS::Queue}',
      '  PickToTable: {Type: AWS::Serverless::Connector, Properties: {Source: {Id: Curbside}, Destination: {Id: OrderTable}, Permissions: [Read]}}',
      'Outputs:',
      '  Api: {Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"}',
    ].join('\n');
    const asl = [
      'Comment: Curbside pickup',
      'StartAt: CreateOrder',
      'States:',
      '  CreateOrder:',
      '    Type: Task',
      '    Resource: arn:aws:states:::dynamodb:putItem',
      '    Parameters: {TableName: ${DDBTable}, Item: {id: {S.$: $.id}}}',
      '    Next: Pick',
      '  Pick:',
      '    Type: Task',
      '    Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      '    Parameters: {QueueUrl: ${SQSPick}, MessageBody: {taskToken.$: $$.Task.Token}}',
      '    End: true',
    ].join('\n');
    const result = opened(openDefinition(template, 'template.yaml', { readRelative: (p) => (p === './statemachine/flow.asl.yaml' ? asl : '') }));
    expect(result).toMatchObject({ stateMachineName: 'CurbsidePickup', source: 'sam' });
    const definition = JSON.parse(result.definitionText);
    expect(definition.States.CreateOrder.Parameters.TableName).toBe('CurbsideOrderTable');
    expect(definition.States.Pick.Parameters.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/111111111111/PickQueue');
    expect(result.madeUp.map((m) => m.name)).toEqual(['SQSPick']);
  });
});

describe('names a template computes', () => {
  it('uses a resource name written with !Sub when nothing in it is made up, and makes one up otherwise', () => {
    const template = [
      'Parameters:',
      '  Stage: {Type: String, Default: prod}',
      '  Owner: {Type: String}',
      'Resources:',
      '  Jobs: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub "jobs-${Stage}"}}',
      '  Audit: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub "audit-${Owner}"}}',
      '  Flow:',
      '    Type: AWS::StepFunctions::StateMachine',
      '    Properties:',
      '      Definition: {StartAt: P, States: {P: {Type: Pass, Result: {jobs: !Ref Jobs, audit: !Ref Audit}, End: true}}}',
    ].join('\n');
    const result = opened(openDefinition(template, 'names.yaml'));
    expect(JSON.parse(result.definitionText).States.P.Result).toEqual({ jobs: 'jobs-prod', audit: 'Audit' });
    expect(result.madeUp.map((m) => m.name)).toEqual(['Audit']);
  });
});

describe('ASL files with ${Placeholders}', () => {
  it('keeps a file without placeholders as written (diagnostics point into it)', () => {
    const text = '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}';
    expect(openDefinition(text, 'plain.asl.json')).toMatchObject({ ok: true, source: 'asl', asWritten: true, definitionText: text, madeUp: [], unusedSubstitutions: [] });
  });

  it('fills placeholders (also outside strings) from --sub, makes up the others and lists them', () => {
    const result = opened(open('placeholders.asl.json', { substitutions: { WaitSeconds: '5' } }));
    expect(result.asWritten).toBe(false);
    const definition = JSON.parse(result.definitionText);
    expect(definition.States.Wait.Seconds).toBe(5);
    expect(definition.States.Notify.Parameters.TopicArn).toBe('arn:aws:sns:us-east-1:111111111111:AlertTopic');
    expect(definition.States.Process.Resource).toBe('arn:aws:lambda:us-east-1:111111111111:function:ProcessFunction');
    expect(result.madeUp.map((m) => m.name)).toEqual(['AlertTopicArn', 'ProcessFunctionArn']);
    expect(isValid(validateDefinitionText(result.definitionText).diagnostics)).toBe(true);
  });

  it('gives ${Partition}, ${Region} and ${AccountId} (CDK apps pass the pseudo parameters so) their values', () => {
    const text = '{"StartAt":"Go","States":{"Go":{"Type":"Task","Resource":"arn:${Partition}:states:::elasticmapreduce:addStep.sync","Parameters":{"ClusterId":"j-1","Step":{"Name":"s","HadoopJarStep":{"Jar":"${Region}/${AccountId}"}}},"End":true}}}';
    const result = opened(openDefinition(text, 'emr.asl.json', { scope: { region: 'eu-west-1', account: '222222222222' } }));
    const definition = JSON.parse(result.definitionText);
    expect(definition.States.Go.Resource).toBe('arn:aws:states:::elasticmapreduce:addStep.sync');
    expect(definition.States.Go.Parameters.Step.HadoopJarStep.Jar).toBe('eu-west-1/222222222222');
    expect(result.madeUp.map((m) => m.name)).toEqual(['Partition', 'Region', 'AccountId']);
    expect(isValid(validateDefinitionText(result.definitionText).diagnostics)).toBe(true);
  });

  it('reads an .asl.yaml with placeholders', () => {
    const text = 'StartAt: Go\nStates:\n  Go:\n    Type: Task\n    Resource: "${WorkerFunctionArn}"\n    End: true\n';
    const definition = definitionOf(openDefinition(text, 'flow.asl.yaml'));
    expect(definition.States.Go.Resource).toBe('arn:aws:lambda:us-east-1:111111111111:function:WorkerFunction');
  });

  it('says what is wrong with a file that is not JSON', () => {
    const result = openDefinition('{"StartAt": ', 'broken.asl.json');
    expect(result).toMatchObject({ ok: false, problem: 'unreadable' });
    expect(!result.ok && result.message).toMatch(/^broken\.asl\.json is not valid JSON/);
  });
});
