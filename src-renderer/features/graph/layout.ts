import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { ChoiceRule, State, StateMachineDefinition } from '@common/asl/types';
import { retryLoopLabel } from './retryLoops';

/**
 * The state machine graph, computed before anything is drawn: definition → ELK graph (states as
 * nodes; Parallel states as compound nodes holding one box per branch, Map states as compound
 * nodes holding their item processor) → positioned nodes and edges in one coordinate space.
 * Choice rules become edge labels; Catch and Default edges are kinds of their own so that they can
 * be styled apart; a state with Retry rules gets a `retry` edge back to itself (a loop labelled
 * with the retried errors and MaxAttempts), and keeps the full rules on the node for its tooltip.
 * Long state names are shortened (`display`) so that a node never grows past `MAX_NODE_WIDTH`;
 * Map nodes keep room in their header for the iteration progress bar.
 */

/** What a node stands for. */
export type GraphNodeKind = 'state' | 'parallel' | 'map' | 'branch' | 'start' | 'end';

/** A positioned node (top-left corner, absolute coordinates). */
export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** The state name (states, Parallel and Map nodes), or a caption (branches, start, end). */
  label: string;
  /** The text drawn in the node: `label`, shortened with `…` when it would not fit (the full name goes in the tooltip). */
  display: string;
  /** A Parallel branch: the name of its first state (how histories name a branch). */
  branchStart?: string;
  /** The state's name when the node is a state (also Parallel and Map); undefined otherwise. */
  state?: string;
  stateType?: State['Type'];
  /** Retry rules, summarised (`Payments.Throttled ×3`). */
  retry?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Nesting depth: 0 at the top level. */
  depth: number;
}

/** How an edge was declared. */
export type GraphEdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'retry' | 'start' | 'end';

/** A positioned edge: a polyline through `points`. */
export interface GraphEdge {
  id: string;
  kind: GraphEdgeKind;
  /** Source and target state names (`''` for the start and end markers). */
  from: string;
  to: string;
  label?: string;
  /** Where the label's top-left corner goes, with its size. */
  labelBox?: { x: number; y: number; width: number; height: number };
  points: { x: number; y: number }[];
}

/** The whole positioned graph. */
export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

/** Average glyph widths: 12.5px sans-serif node labels, 11px monospace edge labels. */
const CHAR = 7.2;
const LABEL_CHAR = 6.7;
const NODE_HEIGHT = 34;
const LABEL_HEIGHT = 16;
const MAX_LABEL = 36;
/** Widest a state's box gets; longer names are shortened with `…`. */
export const MAX_NODE_WIDTH = 260;
const MIN_NODE_WIDTH = 120;
/** Room kept after a Retry loop's label for the count of retries taken (`takenRetryLabel`). */
const RETRY_COUNT_ROOM = ' · retried 99'.length;
/** Height of a Map node's header: title, progress bar and progress text. */
export const MAP_HEADER = 54;
/** Narrowest a Map node gets, so that its progress text has room. */
const MAP_MIN_WIDTH = 250;

function textWidth(text: string): number {
  return Math.ceil(text.length * CHAR);
}

function short(text: string, max = MAX_LABEL): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A name shortened to at most `max` characters, keeping its start and end (`ValidateCust…Address`). */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  const head = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

function value(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
}

const OPERATORS: Record<string, string> = {
  Equals: '==', LessThan: '<', GreaterThan: '>', LessThanEquals: '<=', GreaterThanEquals: '>=',
};

/** A one-line summary of a Choice rule: `$.x == true`, `$.a > 3 and …`, or the JSONata Condition. */
export function describeChoiceRule(rule: ChoiceRule): string {
  if (typeof rule.Condition === 'string' || typeof rule.Condition === 'boolean') {
    return String(rule.Condition).replace(/^\{%\s*/, '').replace(/\s*%\}$/, '');
  }
  if (Array.isArray(rule.And)) return rule.And.map(describeChoiceRule).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map(describeChoiceRule).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not (${describeChoiceRule(rule.Not as ChoiceRule)})`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  for (const [key, operand] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign' || key === 'Output') continue;
    if (key === 'IsPresent' || key === 'IsNull' || key === 'IsString' || key === 'IsNumeric' || key === 'IsBoolean' || key === 'IsTimestamp') {
      return `${variable} ${key}${operand === false ? ' = false' : ''}`;
    }
    const path = key.endsWith('Path');
    const base = path ? key.slice(0, -4) : key;
    const match = /^(String|Numeric|Boolean|Timestamp)?(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$/.exec(base);
    if (match) {
      const op = match[2] === 'Matches' ? 'matches' : OPERATORS[match[2]];
      return `${variable} ${op} ${path ? String(operand) : value(operand)}`;
    }
  }
  return variable;
}

function retrySummary(state: State): string | undefined {
  if (!('Retry' in state) || !Array.isArray(state.Retry) || state.Retry.length === 0) return undefined;
  return state.Retry.map((r) => `${(r.ErrorEquals ?? []).join(', ')} ×${r.MaxAttempts ?? 3}`).join('; ');
}

/** Options of the layout. */
export interface LayoutOptions {
  /** The definition was rebuilt from a history: its Choice rules are placeholders, so label them "condition unknown". */
  conditionsUnknown?: boolean;
}

interface Meta {
  nodes: Map<string, Omit<GraphNode, 'x' | 'y' | 'width' | 'height'>>;
  edges: Map<string, Omit<GraphEdge, 'points' | 'labelBox'>>;
}

/** Distance between an edge and its label; wide enough to leave a Retry loop's curve clear of its label. */
const EDGE_LABEL_SPACING = '8';

/** From how many states (nested ones included) the layout wraps a long graph into columns. */
export const WRAP_FROM_STATES = 60;

/** How many states a definition has, nested ones included. */
export function countStates(machine: StateMachineDefinition): number {
  let n = 0;
  const states = machine && typeof machine.States === 'object' && machine.States !== null ? machine.States : {};
  for (const state of Object.values(states)) {
    if (!state || typeof state !== 'object') continue;
    n++;
    if (state.Type === 'Parallel' && Array.isArray(state.Branches)) for (const b of state.Branches) n += countStates(b);
    else if (state.Type === 'Map' && (state.ItemProcessor ?? state.Iterator)) n += countStates((state.ItemProcessor ?? state.Iterator) as StateMachineDefinition);
  }
  return n;
}

/**
 * ELK's `nodeSize.minimum` of a compound node, given as width and height. With the root laid out
 * top to bottom and hierarchy handled across levels, ELK 0.9/0.10 reads this vector transposed
 * (layered rotates its coordinates for DOWN but not this option): the layout test checks the
 * resulting width, so an ELK upgrade that fixes it shows up there.
 */
function elkMinimumSize(width: number, height: number): string {
  return `(${height}, ${width})`;
}

/** The ELK node id of a state. */
export function stateNodeId(name: string): string {
  return `s:${name}`;
}

/**
 * Builds the ELK graph of a definition (layered, top to bottom, nested scopes laid out together),
 * with the metadata needed to read the result back. Pure and synchronous.
 */
export function definitionToElk(definition: StateMachineDefinition, options: LayoutOptions = {}): { graph: ElkNode; meta: Meta } {
  const meta: Meta = { nodes: new Map(), edges: new Map() };
  let edgeCount = 0;

  const edge = (container: ElkNode, from: string, to: string, kind: GraphEdgeKind, source: string, target: string, label?: string) => {
    const id = `e${edgeCount++}`;
    const e: ElkExtendedEdge = { id, sources: [source], targets: [target] };
    const text = label === undefined ? undefined : kind === 'retry' ? short(label, MAX_LABEL + 12) : short(label);
    if (text !== undefined) {
      const room = kind === 'retry' ? RETRY_COUNT_ROOM : 0;
      e.labels = [{ id: `${id}:l`, text, width: Math.ceil((text.length + room) * LABEL_CHAR) + 8, height: LABEL_HEIGHT }];
    }
    (container.edges ??= []).push(e);
    meta.edges.set(id, { id, kind, from, to, ...(text !== undefined ? { label: text } : {}) });
  };

  const scope = (container: ElkNode, machine: StateMachineDefinition, depth: number) => {
    const states = machine && typeof machine.States === 'object' && machine.States !== null ? machine.States : {};
    for (const [name, state] of Object.entries(states)) {
      if (!state || typeof state !== 'object') continue;
      const id = stateNodeId(name);
      const node: ElkNode = { id };
      const kind: GraphNodeKind = state.Type === 'Parallel' ? 'parallel' : state.Type === 'Map' ? 'map' : 'state';
      const retry = retrySummary(state);
      const compound = (state.Type === 'Parallel' && Array.isArray(state.Branches)) || (state.Type === 'Map' && (state.ItemProcessor ?? state.Iterator) !== undefined);
      // Compound titles read `Name  ·  Map`; their box is as wide as their content, at least.
      const display = truncateMiddle(name, compound ? 40 : Math.floor((MAX_NODE_WIDTH - 28) / CHAR));
      meta.nodes.set(id, { id, kind, label: name, display, state: name, stateType: state.Type, depth, ...(retry ? { retry } : {}) });
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        node.layoutOptions = {
          'elk.padding': '[top=30,left=12,bottom=12,right=12]',
          'elk.direction': 'RIGHT',
          'elk.spacing.nodeNode': '16',
          // Branches in the definition's order (Branch 1 leftmost): without this ELK's crossing
          // minimisation may put Branch 3 first. `considerModelOrder` does not reach nested
          // graphs laid out with INCLUDE_CHILDREN (and crashes ELK 0.12 when set here), but the
          // semi-interactive mode keeps the in-layer order given by each branch's `elk.position`.
          'elk.layered.crossingMinimization.semiInteractive': 'true',
          'elk.spacing.edgeLabel': EDGE_LABEL_SPACING,
          'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
          'elk.nodeSize.minimum': elkMinimumSize(textWidth(`${display}  ·  Parallel`) + 24, 60),
        };
        node.children = state.Branches.map((branch, i) => {
          const bid = `b:${name}:${i}`;
          const b: ElkNode = {
            id: bid,
            children: [],
            layoutOptions: {
              'elk.padding': '[top=24,left=10,bottom=10,right=10]',
              'elk.direction': 'DOWN',
              'elk.spacing.edgeLabel': EDGE_LABEL_SPACING,
              // The order hint read by `semiInteractive` above (only the order matters, not the values).
              'elk.position': `(${i * 100}, ${i * 100})`,
            },
          };
          const branchStart = branch && typeof branch.StartAt === 'string' ? branch.StartAt : undefined;
          meta.nodes.set(bid, { id: bid, kind: 'branch', label: `Branch ${i + 1}`, display: `Branch ${i + 1}`, depth: depth + 1, ...(branchStart !== undefined ? { branchStart } : {}) });
          scope(b, branch, depth + 2);
          return b;
        });
      } else if (state.Type === 'Map' && (state.ItemProcessor ?? state.Iterator)) {
        node.layoutOptions = {
          'elk.padding': `[top=${MAP_HEADER},left=12,bottom=12,right=12]`,
          'elk.direction': 'DOWN',
          'elk.spacing.edgeLabel': EDGE_LABEL_SPACING,
          'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
          'elk.nodeSize.minimum': elkMinimumSize(Math.max(MAP_MIN_WIDTH, textWidth(`${display}  ·  Map`) + 24), 80),
        };
        node.children = [];
        scope(node, (state.ItemProcessor ?? state.Iterator) as StateMachineDefinition, depth + 1);
      } else {
        node.width = Math.min(MAX_NODE_WIDTH, Math.max(MIN_NODE_WIDTH, textWidth(display) + 40));
        node.height = NODE_HEIGHT;
      }
      (container.children ??= []).push(node);
    }
    for (const [name, state] of Object.entries(states)) {
      if (!state || typeof state !== 'object') continue;
      const from = stateNodeId(name);
      const has = (target: unknown): target is string => typeof target === 'string' && target in states;
      if (state.Type === 'Choice') {
        for (const rule of Array.isArray(state.Choices) ? state.Choices : []) {
          if (has(rule.Next)) edge(container, name, rule.Next, 'choice', from, stateNodeId(rule.Next), options.conditionsUnknown ? 'condition unknown' : describeChoiceRule(rule));
        }
        if (has(state.Default)) edge(container, name, state.Default, 'default', from, stateNodeId(state.Default), 'Default');
      } else if ('Next' in state && has(state.Next)) {
        edge(container, name, state.Next, 'next', from, stateNodeId(state.Next));
      }
      const loop = 'Retry' in state ? retryLoopLabel(state.Retry) : undefined;
      if (loop !== undefined) edge(container, name, name, 'retry', from, from, loop);
      if ('Catch' in state && Array.isArray(state.Catch)) {
        for (const catcher of state.Catch) {
          if (has(catcher.Next)) edge(container, name, catcher.Next, 'catch', from, stateNodeId(catcher.Next), `Catch ${(catcher.ErrorEquals ?? []).join(', ')}`);
        }
      }
    }
  };

  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '28',
      // Room between a Retry loop and its label (ELK puts the label beside the loop).
      'elk.spacing.edgeLabel': EDGE_LABEL_SPACING,
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: [],
    edges: [],
  };
  // A large machine (a long chain of layers) is wrapped into several columns, so that Fit and the
  // overview show a page-shaped graph instead of a thin strip: ELK cuts the chain where a single edge crosses.
  if (countStates(definition) >= WRAP_FROM_STATES) {
    Object.assign(graph.layoutOptions!, { 'elk.layered.wrapping.strategy': 'SINGLE_EDGE', 'elk.aspectRatio': '1.6' });
  }
  const start: ElkNode = { id: 'start', width: 56, height: 24 };
  const end: ElkNode = { id: 'end', width: 56, height: 24 };
  meta.nodes.set('start', { id: 'start', kind: 'start', label: 'Start', display: 'Start', depth: 0 });
  meta.nodes.set('end', { id: 'end', kind: 'end', label: 'End', display: 'End', depth: 0 });
  graph.children!.push(start);
  scope(graph, definition, 0);
  graph.children!.push(end);
  const states = definition.States ?? {};
  if (typeof definition.StartAt === 'string' && definition.StartAt in states) edge(graph, '', definition.StartAt, 'start', 'start', stateNodeId(definition.StartAt));
  for (const [name, state] of Object.entries(states)) {
    if (state && (state.Type === 'Succeed' || state.Type === 'Fail' || ('End' in state && state.End === true))) edge(graph, name, '', 'end', stateNodeId(name), 'end');
  }
  return { graph, meta };
}

/** Reads ELK's answer (absolute coordinates, see `elk.json.*Coords`) back into nodes and edges. */
export function positionedFromElk(result: ElkNode, meta: Meta): GraphLayout {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      const m = meta.nodes.get(child.id);
      if (m) nodes.push({ ...m, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      visit(child);
    }
    for (const e of node.edges ?? []) {
      const m = meta.edges.get(e.id);
      if (!m) continue;
      const points: { x: number; y: number }[] = [];
      for (const s of e.sections ?? []) {
        points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      }
      const label = e.labels?.[0];
      edges.push({ ...m, points, ...(label && m.label !== undefined ? { labelBox: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } } : {}) });
    }
  };
  visit(result);
  // Containers first, so that they are drawn beneath their children.
  nodes.sort((a, b) => a.depth - b.depth);
  return { nodes, edges, width: result.width ?? 0, height: result.height ?? 0 };
}

/** Something that lays out ELK graphs (an `ELK` instance). */
export interface ElkLayouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Lays a definition out: `definitionToElk`, then ELK, then `positionedFromElk`. */
export async function layoutDefinition(definition: StateMachineDefinition, elk: ElkLayouter, options: LayoutOptions = {}): Promise<GraphLayout> {
  const { graph, meta } = definitionToElk(definition, options);
  return positionedFromElk(await elk.layout(graph), meta);
}
