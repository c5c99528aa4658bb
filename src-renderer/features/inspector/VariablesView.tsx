import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { HistoryEvent } from '@common/history/events';
import type { Visit, VisitProjection } from '@common/history/visits';
import { evaluateWatch, scopeAt, type WatchResult } from '@common/debug/variablesInScope';
import { JsonView } from '../../ui';

/** A watch expression of the user's. */
export interface Watch {
  expression: string;
  language: 'JSONPath' | 'JSONata';
}

const WATCH_KEY = 'stepscope.watches.v1';

function loadWatches(): Watch[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(WATCH_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((w): w is Watch => typeof w === 'object' && w !== null && typeof (w as Watch).expression === 'string' && ((w as Watch).language === 'JSONPath' || (w as Watch).language === 'JSONata'));
  } catch {
    return [];
  }
}

function saveWatches(watches: readonly Watch[]): void {
  try {
    window.localStorage.setItem(WATCH_KEY, JSON.stringify(watches));
  } catch {
    // Not remembered; they still work.
  }
}

/** Props of `VariablesView`. */
export interface VariablesViewProps {
  events: readonly HistoryEvent[];
  projection: VisitProjection;
  /** The visit shown (selected, or the one at the cursor), and the cursor. */
  visit: Visit | undefined;
  cursor: number;
  /** The definition's query language: new watch expressions start in it. */
  queryLanguage: 'JSONPath' | 'JSONata';
  /** Moves the cursor to an event position (where a variable was assigned). */
  onSeek: (position: number) => void;
}

/**
 * The Variables view (region "Variables"): what the shown state sees at the cursor, as a
 * debugger's Variables pane: the workflow variables in scope, each with the state (and event)
 * that assigned it, the Map item inside an iteration, `$states` (input, output) and the Context
 * object, all derived from the events up to the cursor (common/debug/variablesInScope.ts). Watch
 * expressions (JSONPath or JSONata) are evaluated there by the engine's evaluators and follow the
 * cursor; they are remembered (localStorage).
 */
export function VariablesView({ events, projection, visit, cursor, queryLanguage, onSeek }: VariablesViewProps) {
  // Deferred: while events stream in, the view follows at low priority, after the views that must keep up.
  const shown = useDeferredValue(useMemo(() => ({ events, projection, visit, cursor }), [events, projection, visit, cursor]));
  const scope = useMemo(() => (shown.visit === undefined || shown.visit.enteredAt > shown.cursor ? undefined : scopeAt(shown.events, shown.projection, shown.visit, shown.cursor)), [shown]);
  const [watches, setWatches] = useState<Watch[]>(loadWatches);
  const [draft, setDraft] = useState('');
  const [language, setLanguage] = useState<'JSONPath' | 'JSONata'>(queryLanguage);
  const [results, setResults] = useState<{ scope: typeof scope; values: WatchResult[] } | undefined>();
  useEffect(() => {
    if (scope === undefined) return;
    let live = true;
    void Promise.all(watches.map((w) => evaluateWatch(w.expression, w.language, scope))).then((values) => {
      if (live) setResults({ scope, values });
    });
    return () => {
      live = false;
    };
  }, [scope, watches]);
  const change = (next: Watch[]) => {
    setWatches(next);
    saveWatches(next);
  };
  const add = () => {
    const expression = draft.trim();
    if (expression === '') return;
    change([...watches, { expression, language }]);
    setDraft('');
  };
  const id = (position: number) => events[position]?.id;

  return (
    <section className="variables-panel" aria-label="Variables">
      {scope === undefined ? (
        <p className="muted small">Select a state, or move the cursor to one of its events, to see the variables it sees.</p>
      ) : (
        <>
          <p className="muted small scope-of">
            Scope of <strong>{scope.visit.path}</strong> at event #{id(scope.position)}
          </p>
          {scope.variables.length === 0 ? (
            <p className="muted small">No workflow variables in scope.</p>
          ) : (
            <table className="variables" aria-label="Variables in scope">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Value</th>
                  <th scope="col">Assigned by</th>
                </tr>
              </thead>
              <tbody>
                {scope.variables.map((v) => (
                  <tr key={v.name}>
                    <td className="var-name">${v.name}</td>
                    <td>
                      <JsonView value={v.value} label={`Value of $${v.name}`} maxLines={6} />
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => onSeek(v.assignedBy.position)} title={`Go to event #${id(v.assignedBy.position)}`}>
                        {v.assignedBy.path} #{id(v.assignedBy.position)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {scope.mapItem !== undefined && (
            <div className="map-item" aria-label="Map item" role="group">
              <h4>Map iteration {scope.mapItem.index}</h4>
              {scope.mapItem.input !== undefined && <JsonView value={scope.mapItem.input} label="Iteration input" maxLines={6} />}
            </div>
          )}
          <details className="states-var" open>
            <summary>$states</summary>
            <h4>input</h4>
            {scope.states.input !== undefined ? <JsonView value={scope.states.input} label="$states.input" maxLines={8} /> : <p className="muted small">Not recorded.</p>}
            {scope.states.output !== undefined && (
              <>
                <h4>output (as the state exited)</h4>
                <JsonView value={scope.states.output} label="State output" maxLines={8} />
              </>
            )}
          </details>
          <details className="states-var">
            <summary>Context object ($states.context, $$)</summary>
            <JsonView value={scope.states.context} label="Context object" maxLines={14} />
          </details>
        </>
      )}
      <div className="watches" role="group" aria-label="Watch">
        <h4>Watch</h4>
        {watches.length > 0 && (
          <ul aria-label="Watch expressions">
            {watches.map((w, i) => {
              const r = results !== undefined && results.scope === scope ? results.values[i] : undefined;
              return (
                <li key={`${i}:${w.expression}`}>
                  <code>{w.expression}</code> <span className="muted small">{w.language}</span>
                  <button type="button" className="link remove" onClick={() => change(watches.filter((_, j) => j !== i))} aria-label={`Remove watch ${w.expression}`}>
                    ×
                  </button>
                  {scope === undefined ? null : r === undefined ? (
                    <span className="muted small"> …</span>
                  ) : r.ok ? (
                    <JsonView value={r.value ?? null} label={`Watch ${w.expression}`} maxLines={6} />
                  ) : (
                    <p className="bad small" aria-label={`Watch ${w.expression}`}>
                      {r.message}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <form
          className="watch-add"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <input type="text" aria-label="Watch expression" placeholder={language === 'JSONata' ? '$subtotal * 2' : '$.order.total'} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <select aria-label="Watch language" value={language} onChange={(e) => setLanguage(e.target.value as 'JSONPath' | 'JSONata')}>
            <option>JSONata</option>
            <option>JSONPath</option>
          </select>
          <button type="submit" disabled={draft.trim() === ''}>
            Add watch
          </button>
        </form>
      </div>
    </section>
  );
}
