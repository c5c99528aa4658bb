/** The one-screen workspace layout: panels, drag handles, remembered sizes, and slots to fill. */
export { WorkspaceLayout, type WorkspaceLayoutProps, type LayoutSection, type LayoutTab } from './WorkspaceLayout';
export { SlotProvider, Slot, Fill, useSlotFilled } from '../../ui';
export { registerWorkspacePanel, workspacePanels, type WorkspacePanel, type WorkspacePanelContext } from './panelRegistry';
