import type { HistoryEvent } from './events';
import { eventDetails } from './historySummary';

/**
 * What a history tells of its states' query language when no definition came with it (the one
 * rule: the reconstructed definition and the data-flow inspector both ask it).
 *
 * Only JSONata leaves traces: AWS records an `EvaluationFailed` event only for states whose
 * QueryLanguage is JSONata (it names the state), and only JSONata expressions raise
 * `States.QueryEvaluationError`. A JSONPath state leaves no trace of its language, and neither
 * does a JSONata run that never failed an expression: the history then does not tell.
 */
export interface QueryLanguageEvidence {
  /** States an `EvaluationFailed` event names: written in JSONata. */
  readonly jsonataStates: ReadonlySet<string>;
  /** Some event shows JSONata (an `EvaluationFailed` event, or the error States.QueryEvaluationError). */
  readonly jsonata: boolean;
}

/** The error only JSONata expressions raise. */
const JSONATA_ONLY_ERROR = 'States.QueryEvaluationError';

/** Reads the evidence of JSONata in a history (see {@link QueryLanguageEvidence}). */
export function queryLanguageEvidence(events: readonly HistoryEvent[]): QueryLanguageEvidence {
  const jsonataStates = new Set<string>();
  let jsonata = false;
  for (const event of events) {
    const details = eventDetails(event);
    if (event.type === 'EvaluationFailed') {
      jsonata = true;
      if (typeof details?.state === 'string') jsonataStates.add(details.state);
    } else if (details?.error === JSONATA_ONLY_ERROR) jsonata = true;
  }
  return { jsonataStates, jsonata };
}

/**
 * The query language of `stateName` (or of the state machine, without it) as far as the history
 * tells: JSONata when an `EvaluationFailed` event names the state, or when some other event
 * shows JSONata (a state machine's states usually share its top-level QueryLanguage); undefined
 * when the history does not tell.
 */
export function queryLanguageFromHistory(evidence: QueryLanguageEvidence, stateName?: string): 'JSONata' | undefined {
  if (stateName !== undefined && evidence.jsonataStates.has(stateName)) return 'JSONata';
  return evidence.jsonata ? 'JSONata' : undefined;
}
