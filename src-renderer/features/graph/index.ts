/** The state machine graph: layout (pure), D3 renderer and the React view. */
export { GraphView, type GraphViewProps } from './GraphView';
export { layoutDefinition, definitionToElk, describeChoiceRule, type GraphLayout, type GraphNode, type GraphEdge } from './layout';
