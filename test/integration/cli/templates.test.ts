import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Definitions as users have them (issue #12 items 1 and 6): SAM, CloudFormation and CDK templates
 * and .asl files with placeholders in `run` and `validate`, `--state-machine`, `--sub`,
 * `run --type EXPRESS`, and a Distributed Map reading S3 objects from `--s3-root`.
 */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const T = join(ROOT, 'test/fixtures/templates');
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

let tmp: string;

function stepscope(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_DB: join(tmp, 'store.db') },
    timeout: 20_000,
  });
  expect(r.stderr ?? '').not.toMatch(STACK_LINE);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(text: string): any {
  return JSON.parse(text);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-templates-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('templates in run and validate', () => {
  it('validates a CDK output template, listing the values it made up on stderr', () => {
    const r = stepscope(['validate', join(T, 'cdk-out/OrderPipelineStack.template.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OrderPipelineStack.template.json: valid');
    expect(r.stderr).toContain('2 values the files do not give were made up; give them with --sub Name=value:');
    expect(r.stderr).toContain('ValidateOrderFnA1B2C3D4.Arn = arn:aws:lambda:us-east-1:111111111111:function:ValidateOrderFnA1B2C3D4');
  });

  it('lists the state machines and exits 2 when a template has several and none is chosen', () => {
    const r = stepscope(['run', join(T, 'cfn-definition-string.json'), '--no-store']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has 2 state machines; choose one with --state-machine <LogicalId>:');
    expect(r.stderr).toContain('  PaymentStateMachine  AWS::StepFunctions::StateMachine, STANDARD, named PaymentFlow');
    expect(r.stderr).toContain('  AuditStateMachine  AWS::StepFunctions::StateMachine, EXPRESS');
    const missing = stepscope(['validate', join(T, 'cfn-definition-string.json'), '--state-machine', 'Nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no state machine "Nope"');
  });

  it('runs the state machine --state-machine picks, as the Express workflow the template declares, with an express: ARN', () => {
    const r = stepscope(['run', join(T, 'cfn-definition-string.json'), '--state-machine', 'AuditStateMachine', '--db', join(tmp, 'a.db')]);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({ region: 'us-east-1', table: 'audit-111111111111', literal: 'from-substitutions' });
    const list = stepscope(['list', '--json', '--db', join(tmp, 'a.db')]);
    const [execution] = json(list.stdout);
    expect(execution).toMatchObject({ type: 'EXPRESS' });
    expect(execution.arn).toMatch(/^arn:aws:states:us-east-1:111111111111:express:AuditStateMachine:/);
  });

  it('applies --sub values and --region/--account to what the template does not give', () => {
    const r = stepscope([
      'run',
      join(T, 'cfn-definition-string.json'),
      '--state-machine',
      'AuditStateMachine',
      '--region',
      'eu-west-1',
      '--account',
      '123456789012',
      '--sub',
      'NotSubstituted=given',
      '--no-store',
    ]);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({ region: 'eu-west-1', table: 'audit-123456789012', literal: 'given' });
    const typo = stepscope(['validate', join(T, 'cfn-definition-string.json'), '--state-machine', 'AuditStateMachine', '--sub', 'NotSubstitued=x']);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('--sub NotSubstitued was not used: nothing in the files is named NotSubstitued');
    expect(stepscope(['run', join(T, 'placeholders.asl.json'), '--sub', 'oops', '--no-store'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--sub must be Name=value, not "oops"') });
  });

  it('opens a SAM template with DefinitionUri from another folder, and an .asl.json with placeholders given by --sub', () => {
    const sam = stepscope(['validate', join(T, 'sam-express/template.yaml')]);
    expect(sam).toMatchObject({ code: 0, stdout: expect.stringContaining('template.yaml: valid') });
    expect(sam.stderr).toContain('DecodeFunctionArn = arn:aws:lambda:us-east-1:111111111111:function:DecodeFunction');
    const asl = stepscope(['validate', join(T, 'placeholders.asl.json'), '--sub', 'WaitSeconds=3', '--sub', 'AlertTopicArn=arn:aws:sns:us-east-1:111111111111:alerts']);
    expect(asl.code).toBe(0);
    expect(asl.stderr).toContain('ProcessFunctionArn = arn:aws:lambda:');
    expect(asl.stderr).not.toContain('AlertTopicArn');
  });

  it('names the file, logical id and property when the template is wrong', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: missing.asl.json\n');
    const r = stepscope(['run', bad, '--no-store']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: state machine Flow \(AWS::Serverless::StateMachine\), DefinitionUri: cannot read missing\.asl\.json: no such file/);
  });

  it('names the file whose name differs only in case (a template written on macOS or Windows, as a public sample is)', () => {
    const cased = join(tmp, 'cased.yaml');
    writeFileSync(join(tmp, 'stateMachine.asl.json'), '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}');
    writeFileSync(cased, 'Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: StateMachine.asl.json\n');
    const r = stepscope(['validate', cased]);
    if (existsSync(join(tmp, 'StateMachine.asl.json'))) {
      // A case-insensitive file system (macOS, Windows) finds the file: the template opens, as it does there for SAM.
      expect(r.code).toBe(0);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read StateMachine.asl.json: no such file (');
    expect(r.stderr).toContain('); stateMachine.asl.json is there, its name differing only in case (file names are case-sensitive here)');
  });
});

describe('the template examples', () => {
  it('run to SUCCEEDED with no mock file: Tasks get generated responses', () => {
    const ex = join(ROOT, 'resources/examples');
    for (const [template, input] of [
      ['sam-order-processing/template.yaml', 'sam-order-processing/input.json'],
      ['cdk-ticket-triage/cdk.out/TicketTriageStack.template.json', 'cdk-ticket-triage/input.json'],
    ]) {
      const r = stepscope(['run', join(ex, template), '--input', join(ex, input), '--no-store']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('Generated responses (no mock)');
    }
  });
});

describe('run --type', () => {
  it('runs an ASL file as an Express workflow: express: execution ARN, the Express limits', () => {
    const definition = join(tmp, 'wait.json');
    writeFileSync(definition, JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 400, End: true } } }));
    expect(stepscope(['run', definition, '--no-store'])).toMatchObject({ code: 0 });
    const express = stepscope(['run', definition, '--type', 'express', '--no-store']);
    // An Express execution stops after five minutes (Developer Guide, "Quotas").
    expect(express.code).toBe(1);
    expect(express.stderr).toContain('Execution TIMED_OUT');
    const stored = stepscope(['run', definition, '--type', 'EXPRESS', '--db', join(tmp, 'e.db')]);
    expect(stored.code).toBe(1);
    expect(json(stepscope(['list', '--json', '--db', join(tmp, 'e.db')]).stdout)[0].arn).toMatch(/:express:wait:/);
    expect(stepscope(['run', definition, '--type', 'SLOW', '--no-store'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--type must be STANDARD or EXPRESS, not "SLOW"') });
  });

  it('refuses what Express workflows do not support, as validate --type EXPRESS does', () => {
    const definition = join(tmp, 'sync.json');
    writeFileSync(definition, JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } } }));
    const r = stepscope(['run', definition, '--type', 'EXPRESS', '--no-store']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid definition');
  });
});

describe('--s3-root: a Distributed Map reads S3 objects from a local folder', () => {
  const root = () => join(T, 's3-root');

  it('reads a CSV object with its header row', () => {
    const r = stepscope(['run', join(T, 'distributed-map.asl.json'), '--s3-root', root(), '--input-json', '{"key":"2024/csv/orders.csv"}', '--no-store']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual([
      { id: 'o-3', total: '7' },
      { id: 'o-4', total: '12' },
      { id: 'o-5', total: '1' },
    ]);
  });

  it('lists the folder for s3:listObjectsV2, in key order, with sizes', () => {
    const r = stepscope(['run', join(T, 'list-objects.asl.json'), '--s3-root', root(), '--no-store']);
    expect(r.code).toBe(0);
    const size = (key: string) => readFileSync(join(root(), 'orders-bucket', key)).length;
    expect(json(r.stdout)).toEqual(['2024/csv/orders.csv', '2024/orders.json', '2024/orders.jsonl'].map((key) => ({ key, size: size(key) })));
  });

  it('reads an S3 Inventory manifest and its gzipped CSV data file', () => {
    const r = stepscope(['run', join(T, 'manifest.asl.json'), '--s3-root', root(), '--no-store']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual([
      { bucket: 'orders-bucket', key: '2024/orders.json' },
      { bucket: 'orders-bucket', key: '2024/orders.jsonl' },
    ]);
  });

  it('fails like AWS (States.ItemReaderFailed, NoSuchKey) for a missing object, naming bucket, key and where it looked', () => {
    const r = stepscope(['run', join(T, 'distributed-map.asl.json'), '--s3-root', root(), '--input-json', '{"key":"2024/missing.csv"}', '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: States.ItemReaderFailed');
    expect(r.stderr).toContain('Bucket: orders-bucket, Key: 2024/missing.csv (Stepscope looked for it at ');
    expect(r.stderr).toContain(join('s3-root', 'orders-bucket', '2024', 'missing.csv'));
  });

  it('refuses an S3 root that is not a folder', () => {
    expect(stepscope(['run', join(T, 'distributed-map.asl.json'), '--s3-root', join(tmp, 'nope'), '--no-store'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such folder') });
  });
});
