import { useCallback, useId, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { BOTTOM_BAR, HANDLE, LIMITS, RAIL, effectiveLayout, loadPrefs, resized, savePrefs, type LayoutArea, type LayoutPrefs } from './layoutPrefs';
import { Splitter } from './Splitter';
import './layout.css';

/** One collapsible section of a side panel (as VS Code's Run and Debug view: Variables, Watch, Breakpoints…). */
export interface LayoutSection {
  /** Stable id: its collapsed state is remembered under it. */
  id: string;
  title: string;
  content: ReactNode;
  /** Left out of the panel (nothing to show yet). */
  hidden?: boolean;
  /** Collapsed until the user opens it. */
  defaultCollapsed?: boolean;
  /** Hides the content's own first heading (the section's title already says it). */
  hideHeading?: boolean;
  /** Short text after the title (a count, a status). */
  badge?: ReactNode;
}

/** One tab of the bottom panel. */
export interface LayoutTab {
  id: string;
  title: string;
  content: ReactNode;
}

/** Props of `WorkspaceLayout`. */
export interface WorkspaceLayoutProps {
  /** The docked toolbar above the graph (title, run and debug controls). */
  toolbar: ReactNode;
  /** The graph. */
  centre: ReactNode;
  left: LayoutSection[];
  right: LayoutSection[];
  /** The bottom panel's left part (the timeline), and its tabs on the right (events, state table…). */
  bottomMain: ReactNode;
  bottomTabs: LayoutTab[];
  /** Names of the side panels (accessible names of their regions). */
  leftTitle?: string;
  rightTitle?: string;
  /** Shown in the inspector panel while none of its sections has anything to show. */
  rightEmpty?: ReactNode;
}

const AREA_NAMES: Record<LayoutArea, string> = { left: 'side panel', right: 'inspector panel', bottom: 'bottom panel' };

/** The size of an element, kept current. */
function useElementSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * The one-screen debugger workspace, modelled on VS Code's and Chrome DevTools' debuggers: a
 * side panel on the left, the docked toolbar and the graph in the centre, the inspector on the
 * right, and a bottom panel (timeline next to tabs). Panels are resized by dragging their handles
 * (or with the arrow keys on them), collapsed by their buttons, and their sizes, collapsed
 * panels and sections are remembered (localStorage). The page itself never scrolls: each panel
 * scrolls inside. A small window starts with the side panel collapsed; sizes that do not fit
 * shrink (and are not remembered shrunk).
 */
export function WorkspaceLayout({ toolbar, centre, left, right, bottomMain, bottomTabs, leftTitle = 'Side panel', rightTitle = 'Inspector panel', rightEmpty }: WorkspaceLayoutProps) {
  const storage = typeof window === 'undefined' ? undefined : window.localStorage;
  const [prefs, setPrefs] = useState<LayoutPrefs>(() => loadPrefs(storage));
  const prefsRef = useRef(prefs);
  prefsRef.current = prefs;
  const commit = useCallback(() => savePrefs(storage, prefsRef.current), [storage]);
  const change = useCallback(
    (update: (p: LayoutPrefs) => LayoutPrefs, remember = true) => {
      setPrefs((p) => {
        const next = update(p);
        prefsRef.current = next;
        if (remember) savePrefs(storage, next);
        return next;
      });
    },
    [storage],
  );

  const rootRef = useRef<HTMLDivElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(rootRef);
  const toolbarSize = useElementSize(toolbarRef);
  const layout = effectiveLayout(prefs, width, height, toolbarSize.height || 44);
  const { collapsed } = layout;
  const toggleArea = (area: LayoutArea) => change((p) => ({ ...p, collapsed: { ...p.collapsed, [area]: !collapsed[area] } }));
  const toggleSection = (id: string, now: boolean) => change((p) => ({ ...p, sections: { ...p.sections, [id]: !now } }));
  const sectionCollapsed = (s: LayoutSection) => prefs.sections[s.id] ?? s.defaultCollapsed ?? false;
  const activeTab = bottomTabs.find((t) => t.id === prefs.bottomTab)?.id ?? bottomTabs[0]?.id;
  const bottomWidth = Math.max(1, width - (collapsed.left ? RAIL : layout.left + HANDLE));

  const style = {
    '--ws-left': `${collapsed.left ? RAIL : layout.left}px`,
    '--ws-left-handle': `${collapsed.left ? 0 : HANDLE}px`,
    '--ws-right': `${collapsed.right ? RAIL : layout.right}px`,
    '--ws-right-handle': `${collapsed.right ? 0 : HANDLE}px`,
    '--ws-bottom': `${collapsed.bottom ? BOTTOM_BAR : layout.bottom}px`,
    '--ws-bottom-handle': `${collapsed.bottom ? 0 : HANDLE}px`,
    '--ws-bottom-split': `${Math.round(layout.bottomSplit * 1000) / 10}%`,
  } as CSSProperties;

  const side = (area: 'left' | 'right', title: string, sections: LayoutSection[], empty?: ReactNode) =>
    collapsed[area] ? (
      <div className={`ws-${area} ws-rail`} role="region" aria-label={title}>
        <button type="button" className="ws-rail-button" onClick={() => toggleArea(area)} aria-label={`Show the ${AREA_NAMES[area]}`} title={`Show the ${AREA_NAMES[area]}`}>
          <span aria-hidden="true">{area === 'left' ? '»' : '«'}</span>
          <span className="ws-rail-title">{title}</span>
        </button>
      </div>
    ) : (
      <div className={`ws-${area} ws-side`} role="region" aria-label={title}>
        <div className="ws-side-head">
          <span className="ws-side-title">{title}</span>
          <button type="button" className="ws-icon-button" onClick={() => toggleArea(area)} aria-label={`Hide the ${AREA_NAMES[area]}`} title={`Hide the ${AREA_NAMES[area]}`}>
            <span aria-hidden="true">{area === 'left' ? '«' : '»'}</span>
          </button>
        </div>
        <div className="ws-side-body">
          {empty !== undefined && sections.every((s) => s.hidden) && <div className="ws-placeholder-side">{empty}</div>}
          {sections
            .filter((s) => !s.hidden)
            .map((s) => (
              <Section key={s.id} section={s} collapsed={sectionCollapsed(s)} onToggle={() => toggleSection(s.id, sectionCollapsed(s))} />
            ))}
        </div>
      </div>
    );

  return (
    <div className="ws" ref={rootRef} style={style}>
      {side('left', leftTitle, left)}
      {!collapsed.left && (
        <Splitter
          label={`Resize the ${AREA_NAMES.left}`}
          orientation="vertical"
          className="ws-left-handle"
          value={layout.left}
          min={LIMITS.left[0]}
          max={LIMITS.left[1]}
          direction={1}
          onChange={(v) => change((p) => resized(p, 'left', v), false)}
          onCommit={commit}
        />
      )}
      <div className="ws-centre">
        <div className="ws-toolbar" ref={toolbarRef}>
          {toolbar}
        </div>
        <div className="ws-graph">{centre}</div>
      </div>
      {!collapsed.right && (
        <Splitter
          label={`Resize the ${AREA_NAMES.right}`}
          orientation="vertical"
          className="ws-right-handle"
          value={layout.right}
          min={LIMITS.right[0]}
          max={LIMITS.right[1]}
          direction={-1}
          onChange={(v) => change((p) => resized(p, 'right', v), false)}
          onCommit={commit}
        />
      )}
      {side('right', rightTitle, right, rightEmpty)}
      {!collapsed.bottom && (
        <Splitter
          label={`Resize the ${AREA_NAMES.bottom}`}
          orientation="horizontal"
          className="ws-bottom-handle"
          value={layout.bottom}
          min={LIMITS.bottom[0]}
          max={LIMITS.bottom[1]}
          direction={-1}
          onChange={(v) => change((p) => resized(p, 'bottom', v), false)}
          onCommit={commit}
        />
      )}
      <div className={`ws-bottom${collapsed.bottom ? ' collapsed' : ''}`} role="region" aria-label="Bottom panel">
        <div className="ws-bottom-main" hidden={collapsed.bottom}>
          {bottomMain}
        </div>
        {!collapsed.bottom && (
          <Splitter
            label="Resize the timeline"
            orientation="vertical"
            className="ws-bottom-split"
            value={layout.bottomSplit}
            min={LIMITS.bottomSplit[0]}
            max={LIMITS.bottomSplit[1]}
            direction={1}
            scale={bottomWidth}
            onChange={(v) => change((p) => resized(p, 'bottomSplit', v), false)}
            onCommit={commit}
          />
        )}
        <BottomTabs tabs={bottomTabs} active={activeTab} collapsed={collapsed.bottom} onChoose={(id) => change((p) => ({ ...p, bottomTab: id, collapsed: { ...p.collapsed, bottom: false } }))} onToggle={() => toggleArea('bottom')} />
      </div>
    </div>
  );
}

/** A collapsible section of a side panel. */
function Section({ section, collapsed, onToggle }: { section: LayoutSection; collapsed: boolean; onToggle: () => void }) {
  const bodyId = useId();
  return (
    <div className={`ws-section${collapsed ? ' collapsed' : ''}${section.hideHeading ? ' hide-heading' : ''}`} data-section={section.id}>
      <button type="button" className="ws-section-head" aria-expanded={!collapsed} aria-controls={bodyId} aria-label={`${section.title} panel`} onClick={onToggle}>
        <span aria-hidden="true" className="twisty">
          {collapsed ? '▸' : '▾'}
        </span>
        <span className="ws-section-title">{section.title}</span>
        {section.badge !== undefined && <span className="ws-section-badge">{section.badge}</span>}
      </button>
      <div id={bodyId} className="ws-section-body" hidden={collapsed}>
        {section.content}
      </div>
    </div>
  );
}

/** The bottom panel's tabs (all mounted; the chosen one shown) and its collapse button. */
function BottomTabs({ tabs, active, collapsed, onChoose, onToggle }: { tabs: LayoutTab[]; active: string | undefined; collapsed: boolean; onChoose: (id: string) => void; onToggle: () => void }) {
  const base = useId();
  const listRef = useRef<HTMLDivElement>(null);
  return (
    <div className="ws-bottom-tabs">
      <div className="ws-tabbar">
        <div role="tablist" aria-label="Bottom panel views" ref={listRef}>
          {tabs.map((t, i) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`${base}-tab-${t.id}`}
              aria-selected={!collapsed && t.id === active}
              aria-controls={`${base}-panel-${t.id}`}
              tabIndex={t.id === active ? 0 : -1}
              onClick={() => onChoose(t.id)}
              onKeyDown={(e) => {
                const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : undefined;
                if (to === undefined) return;
                e.preventDefault();
                e.stopPropagation();
                const next = tabs[(to + tabs.length) % tabs.length];
                onChoose(next.id);
                listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${base}-tab-${next.id}`)}`)?.focus();
              }}
            >
              {t.title}
            </button>
          ))}
        </div>
        <button type="button" className="ws-icon-button" onClick={onToggle} aria-label={collapsed ? 'Show the bottom panel' : 'Hide the bottom panel'} title={collapsed ? 'Show the bottom panel' : 'Hide the bottom panel'}>
          <span aria-hidden="true">{collapsed ? '▴' : '▾'}</span>
        </button>
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`${base}-panel-${t.id}`} aria-labelledby={`${base}-tab-${t.id}`} className="ws-tabpanel" hidden={collapsed || t.id !== active}>
          {t.content}
        </div>
      ))}
    </div>
  );
}
