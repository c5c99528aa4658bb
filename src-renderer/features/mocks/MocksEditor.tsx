import { useEffect, useMemo, useState } from 'react';
import type { ExecutionId } from '@common/contract/api';
import type { Json } from '@common/json';
import { errorMessage, getClient } from '../../api';
import { CodeEditor } from '../editor';
import { MockShapeCheck } from './MockShapeCheck';

/** A mock config being edited: its text and which test case of it to run. */
export interface EditedMocks {
  text: string;
  stateMachine: string;
  testCase: string;
}

/** The mocks to pass to a run, or why the text cannot be used. */
export function parseEditedMocks(value: EditedMocks): { ok: true; mocks: { config: Json; stateMachine: string; testCase: string } } | { ok: false; problem: string } {
  try {
    return { ok: true, mocks: { config: JSON.parse(value.text) as Json, stateMachine: value.stateMachine, testCase: value.testCase } };
  } catch (e) {
    return { ok: false, problem: `The mock config is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Props of `MocksEditor`. */
export interface MocksEditorProps {
  /** The execution "Mocks from this execution" reads. */
  executionId: ExecutionId;
  value: EditedMocks | undefined;
  onChange: (value: EditedMocks | undefined) => void;
}

/**
 * "Mocks from this execution": makes a MockConfigFile that answers every Task as the execution's
 * history says (the service saves it too), shows it in an editor to change any response, and
 * offers it as a download (Step Functions Local reads the same file).
 */
export function MocksEditor({ executionId, value, onChange }: MocksEditorProps) {
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string | undefined>();
  const make = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      const made = await getClient()['executions.mocksFrom']({ executionId });
      const counts = Object.entries(made.invocations).map(([s, n]) => `${s} ×${n}`);
      setSummary(counts.length > 0 ? `Answers ${counts.join(', ')}.` : 'The execution called no Task.');
      onChange({ text: JSON.stringify(made.config, null, 2), stateMachine: made.stateMachine, testCase: made.testCase });
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const href = useMemo(() => (value ? URL.createObjectURL(new Blob([value.text], { type: 'application/json' })) : undefined), [value]);
  useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href]);
  return (
    <div className="mocks-editor">
      <button type="button" onClick={() => void make()} disabled={busy}>
        Mocks from this execution
      </button>
      {value !== undefined && (
        <>
          {summary !== undefined && <span className="muted"> {summary}</span>}
          <div className="block">
            Mock config <span className="muted">(state machine {value.stateMachine}, test case {value.testCase})</span>
            <CodeEditor label="Mock config" className="mocks-code" value={value.text} onChange={(text) => onChange({ ...value, text })} />
          </div>
          <MockShapeCheck executionId={executionId} text={value.text} />
          <a href={href} download={`${value.stateMachine}-${value.testCase}.mocks.json`}>
            Download mock config
          </a>
        </>
      )}
      {problem !== undefined && <p role="alert">{problem}</p>}
    </div>
  );
}
