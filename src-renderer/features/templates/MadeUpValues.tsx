import { useState } from 'react';
import type { MadeUpValue } from '@common/contract/api';

/** Props of `MadeUpValues`. */
export interface MadeUpValuesProps {
  values: readonly MadeUpValue[];
  /** Opens the file again with these values (as `--sub Name=value` does in the CLI). */
  onApply(substitutions: Record<string, string>): void;
  onDismiss(): void;
}

/**
 * The values a template or `${Placeholder}` file does not give, which Stepscope made up in AWS's
 * shape: listed, each editable, and applied by opening the file again with them.
 */
export function MadeUpValues({ values, onApply, onDismiss }: MadeUpValuesProps) {
  const [edited, setEdited] = useState<Record<string, string>>(() => Object.fromEntries(values.map((v) => [v.name, v.value])));
  if (values.length === 0) return null;
  return (
    <details className="made-up-values import-status" aria-label="Values Stepscope made up">
      <summary>
        {values.length} {values.length === 1 ? 'value' : 'values'} the file does not give {values.length === 1 ? 'was' : 'were'} made up (ARNs in
        the default region and account); change them here if they matter
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onApply(edited);
        }}
      >
        <table>
          <tbody>
            {values.map((v) => (
              <tr key={v.name}>
                <th scope="row">
                  <label htmlFor={`made-up-${v.name}`}>{v.name}</label>
                </th>
                <td>
                  <input id={`made-up-${v.name}`} value={edited[v.name] ?? ''} size={60} onChange={(e) => setEdited({ ...edited, [v.name]: e.target.value })} />
                </td>
                <td className="made-up-what">{v.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Apply values</button>{' '}
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </form>
    </details>
  );
}
