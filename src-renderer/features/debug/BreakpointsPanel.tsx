import { useState } from 'react';
import type { Breakpoint, HitCondition } from '@common/debug/breakpoints';
import { describeBreakpoint, findStateBreakpoint, newErrorBreakpoint, replaceBreakpoint, toggleStateBreakpoint, type StateEntry } from './breakpointList';
import type { BreakpointsState } from './useBreakpoints';
import './debug.css';

/** Props of `BreakpointsPanel`. */
export interface BreakpointsPanelProps {
  /** The state machine the breakpoints are kept for. */
  stateMachineName: string;
  states: readonly StateEntry[];
  breakpoints: BreakpointsState;
}

/**
 * The breakpoints of a state machine (region "Breakpoints"): a toggle before and after each state
 * of the definition ("Breakpoint before ChargeCard"), then every breakpoint with its enable box,
 * condition (JSONPath or JSONata on the input and variables), hit count, Map iteration and a
 * Remove button, and a way to add a breakpoint on errors. Changes are saved at once.
 */
export function BreakpointsPanel({ stateMachineName, states, breakpoints }: BreakpointsPanelProps) {
  const { list, save, problem } = breakpoints;
  const [handling, setHandling] = useState<'caught' | 'uncaught' | 'any'>('uncaught');
  const [errorNames, setErrorNames] = useState('');
  return (
    <section className="breakpoints" aria-labelledby="breakpoints-title">
      <h3 id="breakpoints-title">Breakpoints</h3>
      <p className="muted">Kept for state machine {stateMachineName}. Set one from the graph too: the dot in a state's corner, Shift+click, or F9 on the selected state (else F9 toggles the state the run is stopped at).</p>
      <details open>
        <summary>States</summary>
        <ul className="breakpoint-states">
          {states.map((s) => (
            <li key={s.name} style={{ paddingLeft: `${s.depth * 1.1}rem` }}>
              <span className="state-name">{s.name}</span>
              {(['before', 'after'] as const).map((when) => {
                const on = findStateBreakpoint(list, s.name, when) !== undefined;
                return (
                  <label key={when}>
                    <input
                      type="checkbox"
                      aria-label={`Breakpoint ${when} ${s.name}`}
                      checked={on}
                      onChange={() => save(toggleStateBreakpoint(list, s.name, when))}
                    />{' '}
                    <span className={`dot${on ? ' on' : ''}`} aria-hidden="true" /> {when}
                  </label>
                );
              })}
            </li>
          ))}
        </ul>
      </details>
      {list.length === 0 ? (
        <p className="muted">No breakpoints: Debug stops before the first state.</p>
      ) : (
        <ul className="breakpoint-list" aria-label="Breakpoint list">
          {list.map((bp) => (
            <BreakpointRow key={bp.id} bp={bp} onChange={(next) => save(replaceBreakpoint(list, bp.id, next))} onRemove={() => save(list.filter((b) => b.id !== bp.id))} />
          ))}
        </ul>
      )}
      <div className="add-error">
        <select aria-label="Error handling" value={handling} onChange={(e) => setHandling(e.target.value as typeof handling)}>
          <option value="uncaught">Uncaught errors</option>
          <option value="caught">Caught errors</option>
          <option value="any">Any error</option>
        </select>{' '}
        <input type="text" aria-label="Error names" placeholder="Error names (comma-separated; empty: all)" value={errorNames} onChange={(e) => setErrorNames(e.target.value)} />{' '}
        <button
          type="button"
          onClick={() =>
            save([
              ...list,
              newErrorBreakpoint(
                list,
                handling,
                errorNames.split(',').map((x) => x.trim()).filter((x) => x !== ''),
              ),
            ])
          }
        >
          Add error breakpoint
        </button>
      </div>
      {problem !== undefined && <p role="alert">{problem}</p>}
    </section>
  );
}

function BreakpointRow({ bp, onChange, onRemove }: { bp: Breakpoint; onChange: (next: Breakpoint) => void; onRemove: () => void }) {
  const name = describeBreakpoint(bp);
  const [expression, setExpression] = useState(bp.condition?.expression ?? '');
  const [language, setLanguage] = useState(bp.condition?.language ?? 'JSONPath');
  const [hits, setHits] = useState(bp.hitCondition ? String(bp.hitCondition.value) : '');
  const [hitOp, setHitOp] = useState<HitCondition['op']>(bp.hitCondition?.op ?? '>=');
  const [iteration, setIteration] = useState(bp.mapIterationIndex !== undefined ? String(bp.mapIterationIndex) : '');
  const apply = () => {
    const next: Breakpoint = { id: bp.id, enabled: bp.enabled, target: bp.target };
    if (expression.trim() !== '') next.condition = { language, expression: expression.trim() };
    const h = Number(hits);
    if (hits.trim() !== '' && Number.isInteger(h) && h >= 1) next.hitCondition = { op: hitOp, value: h };
    const i = Number(iteration);
    if (iteration.trim() !== '' && Number.isInteger(i) && i >= 0) next.mapIterationIndex = i;
    onChange(next);
  };
  return (
    <li>
      <label>
        <input type="checkbox" aria-label={`Enable breakpoint ${name}`} checked={bp.enabled} onChange={(e) => onChange({ ...bp, enabled: e.target.checked })} /> {name}
      </label>
      <select aria-label={`Condition language of ${name}`} value={language} onChange={(e) => setLanguage(e.target.value as 'JSONPath' | 'JSONata')}>
        <option>JSONPath</option>
        <option>JSONata</option>
      </select>
      <input type="text" aria-label={`Condition of ${name}`} placeholder="condition, e.g. $.total" value={expression} onChange={(e) => setExpression(e.target.value)} onBlur={apply} />
      <select aria-label={`Hit count rule of ${name}`} value={hitOp} onChange={(e) => setHitOp(e.target.value as HitCondition['op'])}>
        <option value=">=">hit ≥</option>
        <option value="==">hit =</option>
        <option value="%">every</option>
      </select>
      <input type="number" min={1} aria-label={`Hit count of ${name}`} placeholder="count" value={hits} onChange={(e) => setHits(e.target.value)} onBlur={apply} />
      <input type="number" min={0} aria-label={`Map iteration of ${name}`} placeholder="Map item #" title="Stop only in this Map iteration (index from 0); empty: any" value={iteration} onChange={(e) => setIteration(e.target.value)} onBlur={apply} />
      <button type="button" aria-label={`Remove breakpoint ${name}`} onClick={onRemove}>
        Remove
      </button>
      {bp.note !== undefined && (
        <p className="muted breakpoint-note" role="note" aria-label={`Note on breakpoint ${name}`}>
          {bp.note}
        </p>
      )}
    </li>
  );
}
