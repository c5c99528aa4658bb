/** The execution inspector: graph, replay, data flow and events of one execution. */
export { Inspector, type InspectorProps } from './Inspector';
export { ExecutionInspector, type ExecutionInspectorProps } from './ExecutionInspector';
export { DataflowView, type DataflowViewProps } from './DataflowView';
export { readViewDefinition, rebuildDefinition, type ViewDefinition } from './definitionForView';
export { requestInspectorSelection, visitInBranch, type SelectionRequest } from './selectionRequests';
