import type { ChoiceResult, RuleExplanation, RuleOutcome } from '@common/engine/choice/explainChoice';
import type { ChoiceInspection } from '@common/debug/dataflowSteps';

/** Props of `ChoiceExplanationView`. */
export interface ChoiceExplanationViewProps {
  inspection: ChoiceInspection;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** A rule part as ASL would write it: `$.n NumericGreaterThan 100`, `And`, a Condition. */
function ruleText(rule: RuleExplanation): string {
  switch (rule.kind) {
    case 'And':
    case 'Or':
    case 'Not':
      return rule.kind;
    case 'condition':
      return typeof rule.condition === 'string' ? rule.condition : `Condition: ${String(rule.condition)}`;
    case 'comparison':
      return `${rule.variable?.path ?? ''} ${rule.operator ?? ''} ${rule.operandPath !== undefined ? rule.operandPath.path : shortJson(rule.operand)}`;
    case 'typeTest':
      return `${rule.variable?.path ?? ''} ${rule.operator ?? ''}: ${String(rule.operand)}`;
    case 'invalid':
      return `${rule.variable?.path ?? ''} (no operator)`;
  }
}

/** The words of an outcome: a whole rule "matches"; a part of one is "true" or "false". */
function outcomeText(outcome: RuleOutcome, top: boolean): string {
  switch (outcome) {
    case 'true':
      return top ? 'matched' : 'true';
    case 'false':
      return top ? 'no match' : 'false';
    case 'failed':
      return 'fails';
    case 'unknown':
      return 'unknown';
    case 'not-evaluated':
      return 'not evaluated';
  }
}

function resultText(result: ChoiceResult): string {
  switch (result.kind) {
    case 'matched':
      return `Rule ${result.index + 1} matched: the execution goes to ${result.next}.`;
    case 'default':
      return `No rule matched: Default sends the execution to ${result.next}.`;
    case 'noMatch':
      return `No rule matched and there is no Default: the state fails with ${result.error}.`;
    case 'failed':
      return `Rule ${result.index + 1} fails the state with ${result.error}: ${result.cause}`;
    case 'unknown':
      return result.reason;
  }
}

/** One part of a rule, with its nested parts (And/Or/Not). */
function RulePart({ rule, top }: { rule: RuleExplanation; top: boolean }) {
  const outcome = outcomeText(rule.outcome, top);
  return (
    <div className={`choice-part outcome-${rule.outcome}`}>
      <div className="choice-part-head">
        <code className="step-expression">{ruleText(rule)}</code>
        <span className={`choice-outcome outcome-${rule.outcome}`}>{outcome}</span>
      </div>
      {rule.outcome !== 'not-evaluated' && rule.text !== '' && <p className="choice-text">{rule.text}</p>}
      {rule.rules !== undefined && rule.rules.length > 0 && (
        <ul className="choice-parts" aria-label={`Parts of ${rule.kind}`}>
          {rule.rules.map((part, i) => (
            <li key={i}>
              <RulePart rule={part} top={false} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Which Choice rule matched (region "Choice rules"): the rules in order, each evaluated against
 * the visit's input with the value each comparison read and its outcome, the matched rule (or
 * Default) highlighted, and what the history shows the visit did. A disagreement between the two
 * (a definition changed since the run) is said plainly; what cannot be known says why.
 */
export function ChoiceExplanationView({ inspection }: ChoiceExplanationViewProps) {
  const taken = inspection.taken;
  const takenText = taken.kind === 'next' ? `The history shows the execution going to ${taken.next}.` : taken.kind === 'failed' ? `The history shows the state failing${taken.error !== null ? ` with ${taken.error}` : ''}.` : 'At the cursor, the history does not show yet which state comes next (step forward to see it).';
  return (
    <section className="choice-explanation" aria-label="Choice rules">
      <h4>Which rule matched</h4>
      {inspection.kind === 'pending' && <p className="muted small">Evaluating the Conditions…</p>}
      {inspection.kind === 'unknown' && <p className="step-unknown">Unknown: {inspection.reason}</p>}
      {inspection.kind === 'explained' && (
        <>
          <p className={`choice-result result-${inspection.explanation.result.kind}`} aria-label="Choice result">
            {resultText(inspection.explanation.result)}
          </p>
          {inspection.disagreement !== undefined && (
            <p className="choice-disagreement" role="note" aria-label="Disagreement with the history">
              {inspection.disagreement}
            </p>
          )}
          {inspection.caveats.map((c) => (
            <p key={c} className="choice-caveat">
              {c}
            </p>
          ))}
          <ol className="choice-rules">
            {inspection.explanation.rules.map((r) => {
              const matched = inspection.explanation.result.kind === 'matched' && inspection.explanation.result.index === r.index;
              return (
                <li key={r.index} className={`choice-rule${matched ? ' matched' : ''}`} aria-label={`Rule ${r.index + 1}: ${outcomeText(r.explanation.outcome, true)}`} aria-current={matched ? 'true' : undefined}>
                  <div className="choice-rule-head">
                    <strong>Rule {r.index + 1}</strong> <span className="muted small">→ {r.next}</span>
                  </div>
                  <RulePart rule={r.explanation} top />
                </li>
              );
            })}
            {inspection.explanation.result.kind === 'default' && (
              <li className="choice-rule matched" aria-label="Default: taken" aria-current="true">
                <div className="choice-rule-head">
                  <strong>Default</strong> <span className="muted small">→ {inspection.explanation.result.next}</span>
                  <span className="choice-outcome outcome-true">taken</span>
                </div>
              </li>
            )}
          </ol>
        </>
      )}
      <p className="muted small" aria-label="What the history shows">
        {takenText}
      </p>
    </section>
  );
}
