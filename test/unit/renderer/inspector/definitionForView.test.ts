import { describe, expect, it } from 'vitest';
import { RECONSTRUCTED_COMMENT } from '@common/history/reconstruct';
import { readViewDefinition, rebuildDefinition } from '../../../../src-renderer/features/inspector/definitionForView';
import { exampleDefinition, runExample } from '../../history/runExample';

describe('the definition the views use', () => {
  it('reads a JSON or YAML definition text', () => {
    expect(readViewDefinition(exampleDefinition('order-pipeline').text)).toMatchObject({ reconstructed: false, definition: { StartAt: 'ValidateOrder' } });
    expect(readViewDefinition('StartAt: A\nStates:\n  A: { Type: Succeed }\n').definition?.StartAt).toBe('A');
  });

  it('flags a definition reconstructed at import, and a missing or unreadable one', () => {
    const skeleton = JSON.stringify({ Comment: RECONSTRUCTED_COMMENT, StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    expect(readViewDefinition(skeleton)).toMatchObject({ reconstructed: true, definition: { StartAt: 'A' } });
    expect(readViewDefinition(null)).toEqual({ definition: null, reconstructed: true });
    expect(readViewDefinition('{ nope').problem).toMatch(/^The definition cannot be read/);
    expect(readViewDefinition('[1]').problem).toBe('The definition is not a state machine (no StartAt and States).');
  });

  it('rebuilds a graph definition from the events when there is none', async () => {
    const rebuilt = rebuildDefinition(await runExample('order-pipeline', 'HappyPath'));
    expect(rebuilt?.StartAt).toBe('ValidateOrder');
    expect(Object.keys(rebuilt?.States ?? {})).toContain('Fulfil');
    expect(rebuildDefinition([])).toBeNull();
  });
});
