import { describe, expect, it } from 'vitest';
import { DEFAULT_ARN_SCOPE, parseStatesArn, toActivityArn, toExecutionArn, toMapRunArn, toServiceArn, toStateMachineArn } from '../../src-main/common/arn';

describe('ARNs (one place builds them)', () => {
  it('writes the ARNs local runs and imports have always had, in us-east-1 and account 111111111111 by default', () => {
    expect(DEFAULT_ARN_SCOPE).toEqual({ region: 'us-east-1', account: '111111111111' });
    expect(toStateMachineArn('OrderPipeline')).toBe('arn:aws:states:us-east-1:111111111111:stateMachine:OrderPipeline');
    expect(toExecutionArn('OrderPipeline', 'HappyPath-1')).toBe('arn:aws:states:us-east-1:111111111111:execution:OrderPipeline:HappyPath-1');
    expect(toExecutionArn('Fast', 'e', DEFAULT_ARN_SCOPE, 'EXPRESS')).toBe('arn:aws:states:us-east-1:111111111111:express:Fast:e');
    expect(toMapRunArn('OrderPipeline/Items', 'run-1')).toBe('arn:aws:states:us-east-1:111111111111:mapRun:OrderPipeline/Items:run-1');
    expect(toActivityArn('Approve')).toBe('arn:aws:states:us-east-1:111111111111:activity:Approve');
  });

  it('takes another region and account', () => {
    expect(toExecutionArn('M', 'n', { region: 'eu-west-1', account: '123456789012' })).toBe('arn:aws:states:eu-west-1:123456789012:execution:M:n');
  });

  it('reads an ARN back into its parts, a name with colons kept whole', () => {
    expect(parseStatesArn('arn:aws:states:eu-west-1:123456789012:execution:M:a:b')).toEqual({
      region: 'eu-west-1',
      account: '123456789012',
      resourceType: 'execution',
      resourceName: 'M',
      rest: 'a:b',
    });
    expect(parseStatesArn('arn:aws:states:r:a:stateMachine').resourceName).toBeUndefined();
  });
});

describe('toServiceArn', () => {
  it('writes other services\' ARNs as AWS does: S3 without region and account, IAM without region', () => {
    expect(toServiceArn('lambda', 'function:f', { region: 'eu-west-1', account: '123456789012' })).toBe('arn:aws:lambda:eu-west-1:123456789012:function:f');
    expect(toServiceArn('s3', 'bucket')).toBe('arn:aws:s3:::bucket');
    expect(toServiceArn('iam', 'role/r')).toBe('arn:aws:iam::111111111111:role/r');
  });
});
