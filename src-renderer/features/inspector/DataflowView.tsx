import type { ExecutionId, ExecutionSummary, StoredExecutionStatus } from '@common/contract/api';
import type { DataflowReport, DataflowStep } from '@common/debug/dataflowSteps';
import type { Visit, VisitError } from '@common/history/visits';
import { JsonView } from '../../ui';
import { ChoiceExplanationView } from './ChoiceExplanationView';
import { MapRunChildren } from './MapRunChildren';
import type { ExecutionIo } from './executionIo';
import './inspector.css';

/** Props of `DataflowView`. */
export interface DataflowViewProps {
  /** The report of the visit shown, or null when no state is selected. */
  report: DataflowReport | null;
  /** Visits of the selected state (up to the cursor), for the visit chooser. */
  visits: readonly Visit[];
  onChooseVisit: (visit: number) => void;
  /** Describes an event position (`#12 TaskScheduled`), for "from event" badges. */
  describeEvent: (position: number) => string;
  /** The stored execution shown (to list a Distributed Map's child executions), and its status. */
  executionId?: ExecutionId;
  executionStatus?: StoredExecutionStatus;
  /** Opens another stored execution (a Map Run's child). */
  onOpenExecution?: (execution: ExecutionSummary) => void;
  /** With no visit shown (the cursor on the execution's start or end): the execution's input and outcome. */
  execution?: ExecutionIo;
  /** The error the shown visit failed with (a Fail state's Error and Cause, a Task's failure). */
  visitError?: VisitError | null;
}

/** Above this many visits (a long loop), the chooser is a number field rather than a list. */
const MAX_VISIT_OPTIONS = 200;

/** The visit chooser of a state visited many times: its number among the state's visits. */
function VisitNumber({ visits, visit, onChooseVisit }: { visits: readonly Visit[]; visit: number; onChooseVisit: (visit: number) => void }) {
  const k = visits.findIndex((v) => v.index === visit);
  const shown = visits[k];
  return (
    <label className="visit-chooser">
      Visit{' '}
      <input
        type="number"
        aria-label="Visit"
        min={1}
        max={visits.length}
        value={k + 1}
        onChange={(e) => {
          const n = Math.round(Number(e.target.value));
          if (n >= 1 && n <= visits.length) onChooseVisit(visits[n - 1].index);
        }}
      />{' '}
      of {visits.length}
      {shown ? `: ${shown.path}${shown.retries > 0 ? ` (${shown.retries} retries)` : ''}` : ''}
    </label>
  );
}

function expressionText(step: DataflowStep): string {
  if (step.expression === undefined) return '';
  return typeof step.expression === 'string' ? step.expression : JSON.stringify(step.expression, null, 2);
}

function sameValue(a: DataflowStep, b: DataflowStep): boolean {
  return a.value !== undefined && b.value !== undefined && JSON.stringify(a.value) === JSON.stringify(b.value);
}

function sourceText(step: DataflowStep, describeEvent: (position: number) => string): string {
  if (step.source === 'event') return step.eventAt !== undefined ? `recorded: ${describeEvent(step.eventAt)}` : 'recorded in the history';
  if (step.source === 'computed') return 'recomputed from the definition';
  if (step.source === 'definition') return 'from the definition';
  return '';
}

/**
 * The data-flow inspector (region "Inspector"): for the selected visit, the input, each
 * processing step with the expression the definition applies and the value it produced, and the
 * output. Unknown values say why.
 */
export function DataflowView({ report, visits, onChooseVisit, describeEvent, executionId, executionStatus, onOpenExecution, execution, visitError }: DataflowViewProps) {
  return (
    <section className="inspector-panel panel" aria-label="Inspector">
      <div className="panel-head">
        <h3>Data flow{report ? `: ${report.state}` : ''}</h3>
        {report && (
          <span className="muted small">
            {report.stateType} · {report.queryLanguage ?? 'query language unknown'}
          </span>
        )}
      </div>
      {report === null && execution !== undefined ? (
        <ExecutionIoView io={execution} />
      ) : report === null ? (
        <p className="muted">The event at the cursor belongs to no state. Select a state in the graph, or an event in the table, to see how its input becomes its output.</p>
      ) : (
        <>
          {visits.length > 1 && visits.length <= MAX_VISIT_OPTIONS && (
            <label className="visit-chooser">
              Visit{' '}
              <select aria-label="Visit" value={report.visit} onChange={(e) => onChooseVisit(Number(e.target.value))}>
                {visits.map((v, i) => (
                  <option key={v.index} value={v.index}>
                    {i + 1}. {v.path}
                    {v.retries > 0 ? ` (${v.retries} retries)` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          {visits.length > MAX_VISIT_OPTIONS && <VisitNumber visits={visits} visit={report.visit} onChooseVisit={onChooseVisit} />}
          {report.notes.length > 0 && (
            <ul className="dataflow-notes" aria-label="What the inspector cannot know">
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {visitError != null && (visitError.error !== null || visitError.cause !== null) && (
            <dl className="visit-error" aria-label="Error and cause">
              <dt>Error</dt>
              <dd>{visitError.error ?? '(none)'}</dd>
              <dt>Cause</dt>
              <dd>{visitError.cause ?? '(none)'}</dd>
            </dl>
          )}
          {report.choice !== undefined && <ChoiceExplanationView inspection={report.choice} />}
          {report.mapRun !== undefined && <MapRunChildren mapRun={report.mapRun} executionId={executionId} executionStatus={executionStatus} onOpen={onOpenExecution} />}
          <ol className="dataflow-steps" aria-label="Data-flow steps">
            {report.steps.map((step, i) => (
              <li key={`${step.field}-${i}`} className={`dataflow-step${step.unknown !== undefined ? ' unknown' : ''}`} aria-label={step.field}>
                <div className="step-head">
                  <strong className="step-field">{step.field}</strong>
                  {step.expression !== undefined && <code className="step-expression">{expressionText(step)}</code>}
                  {step.defaulted !== undefined && <span className="step-default">not set · default {step.defaulted}</span>}
                  <span className="step-source">{sourceText(step, describeEvent)}</span>
                </div>
                <p className="step-explanation">{step.explanation}</p>
                {step.unknown !== undefined ? (
                  <p className="step-unknown">Unknown: {step.unknown}</p>
                ) : i > 0 && sameValue(report.steps[i - 1], step) ? (
                  <p className="step-same" aria-label={`${step.field} value`}>
                    Unchanged: the same value as after {report.steps[i - 1].field}.
                  </p>
                ) : (
                  <JsonView value={step.value} label={`${step.field} value`} maxLines={8} />
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The execution's own input and output (or error and cause), shown at its start and end events. */
function ExecutionIoView({ io }: { io: ExecutionIo }) {
  return (
    <div className="execution-io" aria-label="Execution input and output" role="group">
      <p className="muted small">The event at the cursor belongs to the execution, not to a state: its input{io.ended !== undefined ? ' and its outcome' : ''}.</p>
      <h4>Execution input</h4>
      {io.input !== undefined ? <JsonView value={io.input} label="The execution's input" maxLines={10} /> : <p className="muted">Not recorded.</p>}
      {io.ended === 'ExecutionSucceeded' && (
        <>
          <h4>Execution output</h4>
          {io.output !== undefined ? <JsonView value={io.output} label="The execution's output" maxLines={10} /> : <p className="muted">Not recorded.</p>}
        </>
      )}
      {io.ended !== undefined && io.ended !== 'ExecutionSucceeded' && (
        <dl className="visit-error" aria-label="Error and cause">
          <dt>{io.ended.replace(/^Execution/, '')}</dt>
          <dd />
          <dt>Error</dt>
          <dd>{io.error ?? '(none)'}</dd>
          <dt>Cause</dt>
          <dd>{io.cause ?? '(none)'}</dd>
        </dl>
      )}
    </div>
  );
}
