import { useEffect, useMemo, useRef, useState } from 'react';
import type { DefinitionValidation } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';
import { aslCompletionSource } from './aslCompletionSource';
import { CodeEditor, type CodeEditorHandle } from './CodeEditor';

/** Props of `DefinitionEditor`. */
export interface DefinitionEditorProps {
  text: string;
  onChange(text: string): void;
  /** Called with each validation result (after edits settle). */
  onValidated?(validation: DefinitionValidation): void;
}

/** Milliseconds an edit must settle before the definition is validated again. */
const VALIDATE_DELAY_MS = 250;

/**
 * The definition in a code editor (JSON or YAML), validated as it is edited by the one validator
 * (`definitions.validate`): every problem is marked in the text and listed with its line, column,
 * code and message; clicking one in the list puts the cursor on it. The editor completes state
 * names, field names, state types and intrinsic functions.
 */
export function DefinitionEditor({ text, onChange, onValidated }: DefinitionEditorProps) {
  const [validation, setValidation] = useState<{ result: DefinitionValidation; text: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const editor = useRef<CodeEditorHandle>(null);
  const completion = useMemo(() => aslCompletionSource(), []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      getClient()
        ['definitions.validate']({ text })
        .then((result) => {
          if (!live) return;
          setValidation({ result, text });
          setError(undefined);
          onValidated?.(result);
        })
        .catch((e: unknown) => live && setError(errorMessage(e)));
    }, VALIDATE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, onValidated]);

  const result = validation?.result;
  const diagnostics = result?.diagnostics ?? [];
  return (
    <section className="editor" aria-labelledby="definition-title">
      <h3 id="definition-title">Definition</h3>
      <CodeEditor
        ref={editor}
        label="Definition text"
        language="auto"
        className="definition-code"
        value={text}
        onChange={onChange}
        diagnostics={diagnostics}
        diagnosticsText={validation?.text}
        completion={completion}
      />
      <section aria-label="Diagnostics" className="diagnostics">
        {error !== undefined && <p role="alert">Cannot validate: {error}</p>}
        {result !== undefined && diagnostics.length === 0 && <p className="ok">Valid definition: no problems found.</p>}
        {diagnostics.length > 0 && (
          <>
            <p className={result?.valid ? 'warn' : 'bad'}>
              {result?.valid ? 'Valid, with warnings' : 'Invalid definition'}: {diagnostics.length} problem{diagnostics.length === 1 ? '' : 's'}{' '}
              <span className="muted">(F8 in the editor: next problem)</span>
            </p>
            <ul aria-label="Problems">
              {diagnostics.map((d, i) => (
                <li key={i} className={d.severity}>
                  <button
                    type="button"
                    className="diagnostic-link"
                    title="Show in the editor"
                    onClick={() => editor.current?.goTo(d.line ?? 1, d.line === undefined ? 1 : (d.column ?? 1))}
                  >
                    <span className="where">{d.line !== undefined ? `${d.line}:${d.column ?? 1}` : d.pointer || '/'}</span>{' '}
                    <strong>{d.severity}</strong> <code>{d.code}</code> {d.message}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </section>
  );
}
