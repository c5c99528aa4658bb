import type { ReactNode } from 'react';
import type { ExecutionId } from '@common/contract/api';

/** What a registered panel is given to render. */
export interface WorkspacePanelContext {
  /** The execution shown (undefined before the first run). */
  executionId: ExecutionId | undefined;
  /** The id of the event at the replay cursor (undefined: no events). */
  cursorEventId: number | undefined;
  /** The definition text in the editor, and its state machine's name. */
  definitionText: string;
  stateMachineName: string;
}

/**
 * A panel added to the workspace by a feature without touching the layout: a section of the
 * side panel ("left"), of the inspector ("right"), or a tab of the bottom panel ("bottom").
 * Register it once, at module load (`registerWorkspacePanel({ id, area, title, render })` in the
 * feature's own file, imported from `src-renderer/app/panels.ts`).
 */
export interface WorkspacePanel {
  id: string;
  area: 'left' | 'right' | 'bottom';
  title: string;
  /** Sections and tabs are ordered by it (built-in ones use multiples of 10). */
  order?: number;
  defaultCollapsed?: boolean;
  render: (context: WorkspacePanelContext) => ReactNode;
}

const panels: WorkspacePanel[] = [];

/** Adds a panel (a second registration with the same id replaces the first). */
export function registerWorkspacePanel(panel: WorkspacePanel): void {
  const at = panels.findIndex((p) => p.id === panel.id);
  if (at >= 0) panels[at] = panel;
  else panels.push(panel);
}

/** The registered panels of an area, in order. */
export function workspacePanels(area: WorkspacePanel['area']): WorkspacePanel[] {
  return panels.filter((p) => p.area === area).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}
