import { describe, expect, it } from 'vitest';
import { keyBelongsToTarget } from '../../../../src-renderer/features/replay/keyTarget';

describe('keyBelongsToTarget (replay keys while something has focus)', () => {
  it('leaves every key to text fields, text areas, selects and contenteditable', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', 'Home', 'End', ' ', 'e', 'E']) {
      expect(keyBelongsToTarget({ tagName: 'INPUT', type: 'text' }, key), key).toBe(true);
      expect(keyBelongsToTarget({ tagName: 'INPUT' }, key), key).toBe(true);
      expect(keyBelongsToTarget({ tagName: 'INPUT', type: 'search' }, key), key).toBe(true);
      expect(keyBelongsToTarget({ tagName: 'TEXTAREA' }, key), key).toBe(true);
      expect(keyBelongsToTarget({ tagName: 'SELECT' }, key), key).toBe(true);
      expect(keyBelongsToTarget({ tagName: 'DIV', isContentEditable: true }, key), key).toBe(true);
    }
  });

  it('keeps ←/→/Home/End/E working after "Import history…" left focus on its file input, or on a checkbox (issue #7)', () => {
    for (const type of ['file', 'checkbox']) {
      for (const key of ['ArrowLeft', 'ArrowRight', 'Home', 'End', 'e', 'E']) expect(keyBelongsToTarget({ tagName: 'INPUT', type }, key), `${type} ${key}`).toBe(false);
      expect(keyBelongsToTarget({ tagName: 'INPUT', type }, ' ')).toBe(true);
    }
  });

  it('leaves arrows to sliders and radio buttons, and Space to buttons, links and summaries', () => {
    expect(keyBelongsToTarget({ tagName: 'INPUT', type: 'range' }, 'ArrowRight')).toBe(true);
    expect(keyBelongsToTarget({ tagName: 'INPUT', type: 'range' }, 'e')).toBe(false);
    expect(keyBelongsToTarget({ tagName: 'DIV', role: 'slider' }, 'Home')).toBe(true);
    expect(keyBelongsToTarget({ tagName: 'INPUT', type: 'radio' }, 'ArrowLeft')).toBe(true);
    for (const tagName of ['BUTTON', 'A', 'SUMMARY']) {
      expect(keyBelongsToTarget({ tagName }, ' '), tagName).toBe(true);
      expect(keyBelongsToTarget({ tagName }, 'ArrowRight'), tagName).toBe(false);
    }
    expect(keyBelongsToTarget({ tagName: 'g', role: 'button' }, ' ')).toBe(true);
  });

  it('takes no key for the page itself or a plain region', () => {
    expect(keyBelongsToTarget(null, ' ')).toBe(false);
    expect(keyBelongsToTarget({ tagName: 'BODY' }, ' ')).toBe(false);
    expect(keyBelongsToTarget({ tagName: 'DIV', role: 'grid' }, 'ArrowRight')).toBe(false);
  });
});
