import type { StateMachineDefinition } from '@common/asl/types';
import { parseDefinitionText } from '@common/asl/parseDefinition';
import type { HistoryEvent } from '@common/history/events';
import { definitionFromReconstruction, reconstructFromHistory, RECONSTRUCTED_COMMENT } from '@common/history/reconstruct';
import { isJsonObject } from '@common/json';

/** The definition the views use, read from the execution's definition text. */
export interface ViewDefinition {
  /** What the graph draws; null when the text is missing or unreadable (rebuild it from the events). */
  definition: StateMachineDefinition | null;
  /** The definition was reconstructed from a history at import: its expressions are not known. */
  reconstructed: boolean;
  /** Why the given definition text could not be used. */
  problem?: string;
}

function asDefinition(value: unknown): StateMachineDefinition | null {
  return isJsonObject(value) && typeof value.StartAt === 'string' && isJsonObject(value.States) ? (value as unknown as StateMachineDefinition) : null;
}

/**
 * Reads an execution's definition text (JSON or YAML) for the views. A definition Stepscope
 * reconstructed at import (its Comment says so) is drawn but flagged, so that the data-flow
 * inspector does not take its empty paths for real ones.
 */
export function readViewDefinition(definitionText: string | null | undefined): ViewDefinition {
  if (!definitionText) return { definition: null, reconstructed: true };
  const parsed = parseDefinitionText(definitionText);
  const definition = parsed.ok ? asDefinition(parsed.value) : null;
  if (definition) return { definition, reconstructed: definition.Comment === RECONSTRUCTED_COMMENT };
  const problem = parsed.ok ? 'The definition is not a state machine (no StartAt and States).' : `The definition cannot be read: ${parsed.diagnostics[0]?.message ?? 'syntax error'}.`;
  return { definition: null, reconstructed: true, problem };
}

/** A skeleton definition rebuilt from the events (visited states, taken transitions), for the graph of a history without a definition. */
export function rebuildDefinition(events: readonly HistoryEvent[]): StateMachineDefinition | null {
  return events.length === 0 ? null : asDefinition(definitionFromReconstruction(reconstructFromHistory(events)));
}
