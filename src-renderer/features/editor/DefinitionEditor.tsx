import { useEffect, useState } from 'react';
import type { DefinitionValidation } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';

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
 * The definition as text, validated as it is edited: every diagnostic is listed with its line,
 * column, code and message. A plain textarea for now; the full editor comes with issue #6.
 */
export function DefinitionEditor({ text, onChange, onValidated }: DefinitionEditorProps) {
  const [validation, setValidation] = useState<DefinitionValidation | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      getClient()
        ['definitions.validate']({ text })
        .then((result) => {
          if (!live) return;
          setValidation(result);
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

  const diagnostics = validation?.diagnostics ?? [];
  return (
    <section className="editor" aria-labelledby="definition-title">
      <h3 id="definition-title">Definition</h3>
      <textarea
        aria-label="Definition text"
        className="code"
        spellCheck={false}
        wrap="off"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        rows={22}
      />
      <section aria-label="Diagnostics" className="diagnostics">
        {error !== undefined && <p role="alert">Cannot validate: {error}</p>}
        {validation !== undefined && diagnostics.length === 0 && <p className="ok">Valid definition: no problems found.</p>}
        {diagnostics.length > 0 && (
          <>
            <p className={validation?.valid ? 'warn' : 'bad'}>
              {validation?.valid ? 'Valid, with warnings' : 'Invalid definition'}: {diagnostics.length} problem{diagnostics.length === 1 ? '' : 's'}
            </p>
            <ul aria-label="Problems">
              {diagnostics.map((d, i) => (
                <li key={i} className={d.severity}>
                  <span className="where">{d.line !== undefined ? `${d.line}:${d.column ?? 1}` : d.pointer || '/'}</span>{' '}
                  <strong>{d.severity}</strong> <code>{d.code}</code> {d.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </section>
  );
}
