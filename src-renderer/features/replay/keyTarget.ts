/**
 * Which keys the element that has focus needs for itself, so that the replay keyboard map leaves
 * them alone. Pure (it reads a description of the element, not the element), so it is tested in Node.
 */

/** The parts of a focused element that decide whether it needs a key. */
export interface KeyTarget {
  /** `tagName`, any case (`INPUT`, `button`). */
  tagName: string;
  /** An input's `type` attribute (`text` when absent). */
  type?: string | null;
  /** The `role` attribute. */
  role?: string | null;
  isContentEditable?: boolean;
}

/** Input types a user activates with Space (and nothing else): other keys stay shortcuts. */
const ACTIVATED_INPUTS = new Set(['checkbox', 'file', 'button', 'submit', 'reset', 'image', 'color']);
const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);
const isSpace = (key: string) => key === ' ' || key === 'Spacebar';

/**
 * True when `key` belongs to the focused element: anything typed in a text field, text area,
 * select or contenteditable; arrows, Home and End on a slider or radio button; Space on a button,
 * link, summary, checkbox or file picker. A checkbox or file input with focus (after "Import
 * history…", for instance) keeps the other keys working as shortcuts.
 */
export function keyBelongsToTarget(target: KeyTarget | null, key: string): boolean {
  if (target === null) return false;
  if (target.isContentEditable === true) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target.type ?? 'text').toLowerCase();
    if (ACTIVATED_INPUTS.has(type)) return isSpace(key);
    if (type === 'range' || type === 'radio') return ARROWS.has(key) || isSpace(key);
    // text, search, number, date… (and any type not listed above) take typed keys.
    return true;
  }
  const role = target.role ?? '';
  if (role === 'textbox' || role === 'searchbox' || role === 'combobox') return true;
  if (role === 'slider') return ARROWS.has(key);
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'button' || role === 'switch' || role === 'checkbox' || role === 'link') return isSpace(key);
  return false;
}
