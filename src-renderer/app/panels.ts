/**
 * The panels features add to the workspace (see `registerWorkspacePanel` in layout/panelRegistry.ts):
 * import each feature's registering file here, one line each, e.g.
 *   import '../features/myFeature/registerPanel';
 * The workspace imports this file once.
 */
// The debugger's index registers its Call stack panel (features/debug/registerCallStack.tsx).
import '../features/debug';

export {};
