import { useState } from 'react';
import type { TemplateStateMachine } from '@common/contract/api';

/** Props of `StateMachineChooser`. */
export interface StateMachineChooserProps {
  /** The template's file name. */
  fileName: string;
  stateMachines: readonly TemplateStateMachine[];
  onChoose(logicalId: string): void;
  onCancel(): void;
}

/**
 * A template holds several state machines: the user picks one (by its logical id, as
 * `--state-machine` does in the CLI).
 */
export function StateMachineChooser({ fileName, stateMachines, onChoose, onCancel }: StateMachineChooserProps) {
  const [chosen, setChosen] = useState(stateMachines[0]?.logicalId ?? '');
  return (
    <section className="template-chooser card" role="dialog" aria-modal="false" aria-labelledby="template-chooser-title">
      <h3 id="template-chooser-title">Choose a state machine of {fileName}</h3>
      <p>
        The template has {stateMachines.length} state machines. Which one should open?
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen !== '') onChoose(chosen);
        }}
      >
        <fieldset>
          <legend className="visually-hidden">State machines</legend>
          {stateMachines.map((m) => (
            <label key={m.logicalId} className="template-choice">
              <input type="radio" name="state-machine" value={m.logicalId} checked={chosen === m.logicalId} onChange={() => setChosen(m.logicalId)} />
              <strong>{m.logicalId}</strong> <span>{m.type === 'EXPRESS' ? 'Express' : 'Standard'}</span>
              {m.name !== undefined && m.name !== m.logicalId && <span> · named {m.name}</span>}
              <span className="template-choice-type"> · {m.resourceType}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit">Open</button>{' '}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </form>
    </section>
  );
}
