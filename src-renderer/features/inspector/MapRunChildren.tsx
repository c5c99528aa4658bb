import { useEffect, useId, useRef, useState, type KeyboardEvent, type UIEvent } from 'react';
import type { ChildCounts, ExecutionId, ExecutionSummary, StoredExecutionStatus } from '@common/contract/api';
import type { MapRunSummary } from '@common/debug/dataflowSteps';
import { errorMessage, getClient } from '../../api';
import { formatDuration } from '../executions';
import { batchText, countWords, filteredTotal, formatCount, itemCell, movedRow, pagesInRange, progressText, sameCounts, scrollToShow, statusChips, statusWords, visibleRows } from './mapRunChildRows';

/** Props of `MapRunChildren`. */
export interface MapRunChildrenProps {
  mapRun: MapRunSummary;
  /** The stored execution the Map ran in; undefined when the history is not a stored one. */
  executionId?: ExecutionId;
  /** That execution's status: while it is RUNNING, its children are stored as each ends, and the view follows them. */
  executionStatus?: StoredExecutionStatus;
  /** Opens a child execution. */
  onOpen?: (execution: ExecutionSummary) => void;
}

type Counts = { kind: 'loading' } | { kind: 'loaded'; counts: ChildCounts } | { kind: 'failed'; message: string };

/** Children read per `executions.list` call. */
const PAGE = 100;
const ROW_HEIGHT = 28;
/** Rows in view before the list scrolls. */
const VIEWPORT_ROWS = 10;
/** How often the counts are read again while the parent runs. */
const POLL_MS = 1000;

function formatMs(ms: number): string {
  return formatDuration(new Date(0).toISOString(), new Date(ms).toISOString(), 'SUCCEEDED');
}

/** Pages read for one list (one Map Run, one filter): each with the counts it was read at. */
interface PageCache {
  key: string;
  pages: ReadonlyMap<number, { rows: ExecutionSummary[]; version: string }>;
}

/**
 * A Distributed Map visit's Map Run (region "Map Run"): its outcome and item count from the
 * parent's history, the counts of its child executions by status (one store query, as the AWS
 * console's Map Run page shows them), status chips that filter the list, and a virtualised grid
 * of every child in item order (name, status, item or batch, duration), read from the store page
 * by page as it scrolls; ↑/↓, PageUp/PageDown, Home/End move the selection and Enter opens the
 * selected child. While the parent runs, children are stored as each ends: the counts are read
 * every second and the list follows. An imported AWS history has no children stored: that is
 * said, with what the events tell.
 */
export function MapRunChildren(props: MapRunChildrenProps) {
  // Another Map Run (another execution, another visit) starts afresh: its own counts, filter and scroll.
  return <MapRunView key={`${props.executionId ?? ''}:${props.mapRun.startedEventId}`} {...props} />;
}

function MapRunView({ mapRun, executionId, executionStatus, onOpen }: MapRunChildrenProps) {
  const [state, setState] = useState<Counts>({ kind: 'loading' });
  const [filter, setFilter] = useState<StoredExecutionStatus | null>(null);
  const [cache, setCache] = useState<PageCache>({ key: '', pages: new Map() });
  const [scrollTop, setScrollTop] = useState(0);
  const [selected, setSelected] = useState(0);
  const [listError, setListError] = useState<string | undefined>();
  const scroller = useRef<HTMLDivElement>(null);
  const loading = useRef(new Set<string>());
  const idBase = useId();
  const parentEventId = mapRun.startedEventId;
  const live = executionStatus === 'RUNNING';

  // The counts: read now, again when the Map Run or the parent changes status, and every second while the parent runs.
  useEffect(() => {
    if (executionId === undefined) return;
    let on = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () => {
      getClient()
        ['executions.childCounts']({ parentExecutionId: executionId, parentEventId })
        .then(
          (counts) => {
            if (!on) return;
            setState((s) => (s.kind === 'loaded' && sameCounts(s.counts, counts) ? s : { kind: 'loaded', counts }));
            if (live) timer = setTimeout(read, POLL_MS);
          },
          (e: unknown) => on && setState({ kind: 'failed', message: errorMessage(e) }),
        );
    };
    read();
    return () => {
      on = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [executionId, parentEventId, live, mapRun.status]);

  const counts = state.kind === 'loaded' ? state.counts : undefined;
  const total = counts ? filteredTotal(counts, filter) : 0;
  /** Pages read at other counts are read again when in view (the rows stay shown meanwhile). */
  const version = counts ? `${counts.total}:${JSON.stringify(counts.byStatus)}` : '';
  const listKey = `${executionId ?? ''}:${parentEventId}:${filter ?? ''}`;
  const pages = cache.key === listKey ? cache.pages : new Map<number, { rows: ExecutionSummary[]; version: string }>();
  const viewportHeight = Math.min(VIEWPORT_ROWS * ROW_HEIGHT, Math.max(total, 1) * ROW_HEIGHT);
  const { first, last } = visibleRows(total, ROW_HEIGHT, scrollTop, viewportHeight);

  // Read the pages in view that are missing or were read at other counts.
  useEffect(() => {
    if (executionId === undefined || counts === undefined) return;
    for (const page of pagesInRange(first, last, PAGE)) {
      const got = pages.get(page);
      const job = `${listKey}#${page}@${version}`;
      if ((got !== undefined && got.version === version) || loading.current.has(job)) continue;
      loading.current.add(job);
      getClient()
        ['executions.list']({ parentExecutionId: executionId, parentEventId, offset: page * PAGE, limit: PAGE, ...(filter !== null ? { status: filter } : {}) })
        .then(
          (rows) => {
            setListError(undefined);
            setCache((c) => {
              const base = c.key === listKey ? c.pages : new Map<number, { rows: ExecutionSummary[]; version: string }>();
              const next = new Map(base);
              next.set(page, { rows, version });
              return { key: listKey, pages: next };
            });
          },
          (e: unknown) => setListError(errorMessage(e)),
        )
        .finally(() => loading.current.delete(job));
    }
    // `pages` is read, not followed: it changes only with what this effect reads.
  }, [executionId, parentEventId, listKey, version, first, last, filter, counts !== undefined]);

  const rowAt = (index: number): ExecutionSummary | undefined => pages.get(Math.floor(index / PAGE))?.rows[index % PAGE];

  const choose = (status: StoredExecutionStatus | null) => {
    setFilter(status);
    setSelected(0);
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter') {
      const child = rowAt(selected);
      // preventDefault also keeps the replay keyboard (a document listener) off this key.
      e.preventDefault();
      if (child && onOpen) onOpen(child);
      return;
    }
    const to = movedRow(e.key, selected, total, Math.max(1, VIEWPORT_ROWS - 1));
    if (to === undefined) return;
    e.preventDefault();
    setSelected(to);
    const top = scrollToShow(to, ROW_HEIGHT, scrollTop, viewportHeight);
    if (top !== scrollTop && scroller.current) {
      scroller.current.scrollTop = top;
      setScrollTop(top);
    }
  };

  const outcome =
    mapRun.status === 'running'
      ? 'running'
      : mapRun.status === 'succeeded'
        ? 'succeeded'
        : `${mapRun.status}${mapRun.error !== null ? ` with ${mapRun.error}` : ''}`;
  const rowId = (index: number) => `${idBase}-child-${index}`;
  const selectedShown = selected >= first && selected < last && rowAt(selected) !== undefined;

  const rendered = [];
  for (let i = first; i < last; i++) {
    const c = rowAt(i);
    const style = { position: 'absolute' as const, top: i * ROW_HEIGHT, height: ROW_HEIGHT, left: 0, right: 0 };
    const classes = `child-row${i === selected ? ' selected' : ''}`;
    rendered.push(
      c === undefined ? (
        <div key={`pending-${i}`} role="row" aria-rowindex={i + 2} className={`${classes} pending`} style={style}>
          <span role="gridcell" className="c-item">…</span>
          <span role="gridcell" className="c-status muted">reading…</span>
          <span role="gridcell" className="c-name" />
          <span role="gridcell" className="c-duration" />
        </div>
      ) : (
        <div key={c.executionId} id={rowId(i)} role="row" aria-rowindex={i + 2} aria-selected={i === selected} className={classes} style={style} onClick={() => setSelected(i)}>
          <span role="gridcell" className="c-item" title={itemCell(c)}>
            {c.parent?.itemIndex ?? '-'}
            {c.parent?.batch !== undefined && <span className="muted small batch">{batchText(c.parent.batch)}</span>}
          </span>
          <span role="gridcell" className="c-status">
            <span className={`status status-${c.status}`} title={c.status}>
              {statusWords(c.status)}
            </span>
          </span>
          <span role="gridcell" className="c-name" title={c.name}>
            {onOpen ? (
              <a
                href={`#execution-${c.executionId}`}
                tabIndex={-1}
                aria-label={`Open child execution ${c.name}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(c);
                }}
              >
                {c.name}
              </a>
            ) : (
              c.name
            )}
          </span>
          <span role="gridcell" className="c-duration">{formatDuration(c.startDate, c.stopDate, c.status)}</span>
        </div>
      ),
    );
  }
  const unindexed = [...pages.values()].some((p) => p.rows.some((c) => c.parent?.itemIndex === undefined));

  return (
    <section className="map-run" aria-label="Map Run">
      <h4>Map Run</h4>
      <p className="small">
        Map Run {outcome}
        {mapRun.itemCount !== null ? ` · ${countWords(mapRun.itemCount, 'item')}` : ''}
        {counts !== undefined && counts.total > 0 ? ` · ${countWords(counts.total, 'child execution')}` : ''}
        {counts !== undefined && counts.items !== counts.total && mapRun.itemCount === null ? ` (${countWords(counts.items, 'item')})` : ''}
        {mapRun.durationMs !== null ? ` · ${formatMs(mapRun.durationMs)}` : ''}
      </p>
      {mapRun.cause !== null && <p className="small muted">{mapRun.cause}</p>}
      {executionId === undefined ? null : state.kind === 'loading' ? (
        <p className="muted small">Reading the child executions…</p>
      ) : state.kind === 'failed' ? (
        <p role="alert">Cannot read the child executions: {state.message}</p>
      ) : state.counts.total === 0 ? (
        <p className="muted small">
          {live
            ? 'No child execution has ended yet: children are stored as each ends, and listed here as they are.'
            : 'The child executions are not in the store: an imported AWS history holds only the Map Run\'s start and outcome, not its children\'s histories.'}
        </p>
      ) : (
        <>
          <StatusBar counts={state.counts} />
          <div className="map-run-chips" role="group" aria-label="Child executions by status">
            {statusChips(state.counts).map((chip) => (
              <button
                key={chip.label}
                type="button"
                className={`map-run-chip${chip.status !== null ? ` chip-${chip.status}` : ''}`}
                aria-pressed={filter === chip.status}
                disabled={chip.count === 0 && filter !== chip.status}
                onClick={() => choose(filter === chip.status ? null : chip.status)}
              >
                <span className="chip-label">{chip.label}</span> <span className="chip-count">{formatCount(chip.count)}</span>
              </button>
            ))}
          </div>
          {live && (
            <p className="muted small" aria-live="polite">
              {progressText(state.counts, mapRun.itemCount)}
            </p>
          )}
          {total === 0 ? (
            <p className="muted small">No {filter !== null ? statusWords(filter).toLowerCase() : ''} child executions.</p>
          ) : (
            <div
              className="map-run-children"
              role="grid"
              aria-label="Child executions"
              aria-rowcount={total + 1}
              aria-colcount={4}
              aria-readonly
              aria-activedescendant={selectedShown ? rowId(selected) : undefined}
              tabIndex={0}
              onKeyDown={onKeyDown}
            >
              <div role="rowgroup" className="child-head">
                <div role="row" className="child-row" aria-rowindex={1}>
                  <span role="columnheader" className="c-item">Item</span>
                  <span role="columnheader" className="c-status">Status</span>
                  <span role="columnheader" className="c-name">Execution</span>
                  <span role="columnheader" className="c-duration">Duration</span>
                </div>
              </div>
              <div role="rowgroup" className="child-body" ref={scroller} style={{ height: viewportHeight }} onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}>
                <div style={{ height: total * ROW_HEIGHT, position: 'relative' }}>{rendered}</div>
              </div>
            </div>
          )}
          {listError !== undefined && <p role="alert">Cannot list the child executions: {listError}</p>}
          {total > 0 && (
            <p className="muted small map-run-keys">
              {filter !== null ? `${countWords(total, 'child execution')} ${statusWords(filter).toLowerCase()}, in item order. ` : 'In item order. '}
              Click the list, then ↑/↓ to move and Enter to open the selected child.
            </p>
          )}
        </>
      )}
      {unindexed && <p className="muted small">Children stored by an older Stepscope have no item index: they are listed last, in the order they finished.</p>}
    </section>
  );
}

/** A thin bar of the children's statuses, in proportion (the chips say the numbers). */
function StatusBar({ counts }: { counts: ChildCounts }) {
  if (counts.total === 0) return null;
  return (
    <div className="map-run-bar" aria-hidden="true">
      {statusChips(counts)
        .filter((c) => c.status !== null && c.count > 0)
        .map((c) => (
          <span key={c.label} className={`bar-${c.status}`} style={{ flexGrow: c.count }} />
        ))}
    </div>
  );
}
