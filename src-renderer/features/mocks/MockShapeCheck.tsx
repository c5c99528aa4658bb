import { useEffect, useState } from 'react';
import type { ExecutionId, MockShapeProblemRecord } from '@common/contract/api';
import type { Json } from '@common/json';
import { getClient } from '../../api';

type Mode = 'STRICT' | 'PRESENT' | 'NONE';

/**
 * The mocks editor's shape check: the edited MockConfigFile's responses against the output shapes
 * of their Tasks' services (`mocks.check`, TestState's fieldValidationMode), for the definition of
 * `executionId`, with each problem's test case, state and field.
 */
export function MockShapeCheck({ executionId, text }: { executionId: ExecutionId; text: string }) {
  const [mode, setMode] = useState<Mode>('STRICT');
  const [definitionText, setDefinitionText] = useState<string | undefined>();
  const [result, setResult] = useState<{ problems: MockShapeProblemRecord[]; form: number } | undefined>();
  useEffect(() => {
    let live = true;
    getClient()
      ['executions.get']({ executionId })
      .then((d) => live && setDefinitionText(d.definitionText))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [executionId]);
  useEffect(() => {
    if (definitionText === undefined) return;
    let config: Json;
    try {
      config = JSON.parse(text) as Json;
    } catch {
      setResult(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      getClient()
        ['mocks.check']({ definitionText, config, fieldValidation: mode })
        .then((r) => live && setResult({ problems: r.problems, form: r.diagnostics.length }))
        .catch(() => live && setResult(undefined));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [definitionText, text, mode]);
  return (
    <div className="mock-shape-check" role="group" aria-label="Mock shape check">
      <label>
        Check responses against the services&apos; shapes{' '}
        <select aria-label="Field validation" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <option value="STRICT">STRICT</option>
          <option value="PRESENT">PRESENT</option>
          <option value="NONE">NONE</option>
        </select>
      </label>
      {result !== undefined && result.form === 0 && (
        result.problems.length === 0 ? (
          <p className="muted">Every response fits its service&apos;s output shape.</p>
        ) : (
          <ul aria-label="Mock shape problems" className="bad">
            {result.problems.map((p) => (
              <li key={`${p.pointer}|${p.message}`}>
                Test case {p.testCase}, state {p.state}, response {p.response} ({p.invocation}){p.field !== '' ? `, field ${p.field}` : ''}: {p.message}
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}
