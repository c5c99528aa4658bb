import { useState, type FormEvent } from 'react';
import type { ExecutionSummary } from '@common/contract/api';
import { errorMessage, type StepscopeClient } from '../../api';

/** Props of `PullFromAws`. */
export interface PullFromAwsProps {
  client: StepscopeClient;
  /** Opens a pulled execution. */
  onOpen(execution: ExecutionSummary): void;
}

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
const STATUSES: Status[] = ['FAILED', 'TIMED_OUT', 'ABORTED', 'SUCCEEDED', 'RUNNING', 'PENDING_REDRIVE'];

/** Failed executions first (then timed out, aborted...), newest first within each. */
function failedFirst(executions: readonly ExecutionSummary[]): ExecutionSummary[] {
  const rank = (e: ExecutionSummary) => {
    const i = STATUSES.indexOf(e.status as Status);
    return i < 0 ? STATUSES.length : i;
  };
  return [...executions].sort((a, b) => rank(a) - rank(b) || b.startDate.localeCompare(a.startDate));
}

type PullState = { kind: 'idle' } | { kind: 'pulling' } | { kind: 'failed'; message: string } | { kind: 'pulled'; executions: ExecutionSummary[] };

/**
 * "Pull from AWS…": paste an execution ARN (it is fetched, stored and opened) or a state machine
 * ARN (its recent executions are fetched and listed, failed ones first), with the AWS SDK's default
 * credentials of the machine running Stepscope (`executions.pull`); optionally with the child
 * executions of their Distributed Map runs, stored under them.
 */
export function PullFromAws({ client, onOpen }: PullFromAwsProps) {
  const [arn, setArn] = useState('');
  const [status, setStatus] = useState<'' | Status>('');
  const [profile, setProfile] = useState('');
  const [region, setRegion] = useState('');
  const [endpointUrl, setEndpointUrl] = useState('');
  const [children, setChildren] = useState(false);
  const [state, setState] = useState<PullState>({ kind: 'idle' });
  const isMachine = /:stateMachine:/.test(arn);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ kind: 'pulling' });
    try {
      const outcome = await client['executions.pull']({
        arn: arn.trim(),
        ...(isMachine && status !== '' ? { status } : {}),
        ...(profile.trim() !== '' ? { profile: profile.trim() } : {}),
        ...(region.trim() !== '' ? { region: region.trim() } : {}),
        ...(endpointUrl.trim() !== '' ? { endpointUrl: endpointUrl.trim() } : {}),
        ...(children ? { children: true } : {}),
      });
      // An execution ARN: the execution opens (its Map Run children, when pulled, come after it).
      if (!isMachine && outcome.executions.length >= 1) {
        setState({ kind: 'idle' });
        onOpen(outcome.executions[0]);
      } else setState({ kind: 'pulled', executions: failedFirst(outcome.executions.filter((e) => e.parent?.kind !== 'mapRun')) });
    } catch (error) {
      setState({ kind: 'failed', message: errorMessage(error) });
    }
  };

  return (
    <details className="pull-aws">
      <summary className="button">Pull from AWS…</summary>
      <form className="pull-aws-form" aria-label="Pull from AWS" onSubmit={(e) => void submit(e)}>
        <label>
          Execution or state machine ARN
          <input type="text" value={arn} onChange={(e) => setArn(e.target.value)} placeholder="arn:aws:states:us-east-1:123456789012:execution:Machine:name" spellCheck={false} />
        </label>
        {isMachine && (
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as '' | Status)}>
              <option value="">Any (the 10 most recent)</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Profile <input type="text" value={profile} onChange={(e) => setProfile(e.target.value)} placeholder="default chain" />
        </label>
        <label>
          Region <input type="text" value={region} onChange={(e) => setRegion(e.target.value)} placeholder="the ARN's" />
        </label>
        <label>
          Endpoint URL <input type="text" value={endpointUrl} onChange={(e) => setEndpointUrl(e.target.value)} placeholder="AWS" />
        </label>
        <label className="pull-aws-check">
          <input type="checkbox" checked={children} onChange={(e) => setChildren(e.target.checked)} /> Also the child executions of Distributed Map runs
        </label>
        <button type="submit" disabled={state.kind === 'pulling' || arn.trim() === ''}>
          {state.kind === 'pulling' ? 'Pulling…' : 'Pull'}
        </button>
        {state.kind === 'failed' && <p role="alert">Pull failed: {state.message}</p>}
        {state.kind === 'pulled' &&
          (state.executions.length === 0 ? (
            <p role="status">No executions to pull.</p>
          ) : (
            <ul aria-label="Pulled executions">
              {state.executions.map((execution) => (
                <li key={execution.executionId}>
                  <button type="button" className="link" onClick={() => onOpen(execution)}>
                    Open pulled execution {execution.name}
                  </button>{' '}
                  {execution.status}
                </li>
              ))}
            </ul>
          ))}
      </form>
    </details>
  );
}
