import { describe, expect, it } from 'vitest';
import { dataflowSteps, findStateDefinition } from '../../../src-main/common/debug/dataflowSteps';
import { queryLanguageEvidence, queryLanguageFromHistory } from '../../../src-main/common/history/queryLanguage';
import { definitionFromReconstruction, reconstructFromHistory } from '../../../src-main/common/history/reconstruct';
import { visitsFromEvents } from '../../../src-main/common/history/visits';
import { corpusCase, corpusCaseIds } from './runExample';

/**
 * The query language of an imported history without its definition (issue #14): the one rule
 * (history/queryLanguage.ts), as the rebuilt definition and the data-flow inspector use it.
 */

/** The language of a state of a recorded case's definition (found with the inspector's own lookup). */
const languageOf = (definition: Parameters<typeof findStateDefinition>[0], state: string) => findStateDefinition(definition, state)?.queryLanguage;

/** The language a recorded case's definition gives its top level. */
const declared = (id: string) => (corpusCase(id).definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath');

describe('queryLanguageFromHistory', () => {
  it('reads JSONata from an EvaluationFailed event, naming its state', () => {
    const { history } = corpusCase('scenarios/test_map_state_items_eval_jsonata_fail__null');
    const evidence = queryLanguageEvidence(history);
    expect(evidence.jsonata).toBe(true);
    expect([...evidence.jsonataStates]).toEqual(['MapIterateState']);
    expect(queryLanguageFromHistory(evidence, 'MapIterateState')).toBe('JSONata');
    expect(queryLanguageFromHistory(evidence)).toBe('JSONata');
  });

  it('says nothing of a JSONPath history (a JSONPath state leaves no trace of its language)', () => {
    const { history } = corpusCase('scenarios/test_map_state');
    expect(queryLanguageFromHistory(queryLanguageEvidence(history))).toBeUndefined();
  });

  it('never calls a recorded JSONPath state machine JSONata (every AWS-recorded case)', () => {
    let jsonataSeen = 0;
    for (const id of corpusCaseIds()) {
      let recorded: ReturnType<typeof corpusCase>;
      try {
        recorded = corpusCase(id);
      } catch {
        continue; // a case without an expected history
      }
      const { history, definition } = recorded;
      const said = queryLanguageFromHistory(queryLanguageEvidence(history));
      if (said === undefined) continue;
      // Evidence of JSONata comes only from a state machine that uses it somewhere.
      expect({ id, uses: JSON.stringify(definition).includes('JSONata') }).toEqual({ id, uses: true });
      if (declared(id) === 'JSONata') jsonataSeen++;
      // ... and of the states an EvaluationFailed event names, each is JSONata (its own or inherited QueryLanguage).
      for (const state of queryLanguageEvidence(history).jsonataStates) expect({ id, state, language: languageOf(definition, state) }).toEqual({ id, state, language: 'JSONata' });
    }
    expect(jsonataSeen).toBeGreaterThan(10);
  });
});

describe('an imported JSONata history without its definition', () => {
  const { history } = corpusCase('scenarios/test_map_state_items_eval_jsonata_fail__null');

  it('rebuilds a JSONata definition', () => {
    const rebuilt = definitionFromReconstruction(reconstructFromHistory(history));
    expect(rebuilt.QueryLanguage).toBe('JSONata');
  });

  it('is labelled JSONata by the data-flow inspector, and a JSONPath one "unknown"', () => {
    const projection = visitsFromEvents(history);
    const visit = projection.visits.find((v) => v.state === 'MapIterateState')!;
    expect(dataflowSteps(null, history, projection, visit.index).queryLanguage).toBe('JSONata');

    const jsonPath = corpusCase('scenarios/test_map_state').history;
    const p = visitsFromEvents(jsonPath);
    expect(dataflowSteps(null, jsonPath, p, 0).queryLanguage).toBeNull();
  });
});
