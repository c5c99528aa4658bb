/** An ISO start time as `2025-06-01 12:00:00` (UTC, as the execution's own clock records it). */
export function formatStart(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/**
 * How long an execution ran: `850 ms`, `12.5 s`, `3 min 20 s`, `2 h 5 min`; `running` while it
 * runs; `-` when it has no stop date (an imported history recorded without one) or a date cannot be read.
 */
export function formatDuration(startIso: string, stopIso: string | undefined, status: string): string {
  if (stopIso === undefined) return status === 'RUNNING' ? 'running' : '-';
  const ms = Date.parse(stopIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/**
 * What a list row adds after the state machine's name: ` · imported`, ` · fork` for a re-run,
 * ` · redrive` for a redrive listed on its own (the start screen's list shows a redriven execution
 * as one row with its attempts instead), ` · 40 child executions` for an execution that started
 * child executions (Distributed Map children and startExecution children, left out of the list itself).
 */
export function formatRowNotes(summary: { origin: string; childCount?: number; parent?: { kind: string }; redriveCount?: number }): string {
  let text = summary.origin === 'import' ? ' · imported' : '';
  if (summary.parent?.kind === 'fork' || (summary.parent?.kind === 'redrive' && summary.redriveCount === undefined)) text += ` · ${summary.parent.kind}`;
  const n = summary.childCount ?? 0;
  if (n > 0) text += ` · ${n} child execution${n === 1 ? '' : 's'}`;
  return text;
}

/** An attempt of a redriven execution, as its row in the list says it: "Attempt 1 · first run", "Attempt 3 · redrive 2". */
export function attemptLabel(redriveCount: number): string {
  return `Attempt ${redriveCount + 1} · ${redriveCount === 0 ? 'first run' : `redrive ${redriveCount}`}`;
}
