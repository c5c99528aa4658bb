import type { Locator } from '@playwright/test';

/**
 * The code editors (CodeMirror, src-renderer/features/editor/CodeEditor.tsx) are found as a user
 * finds them, by their text box's name (`getByRole('textbox', { name: 'Definition text' })`).
 * CodeMirror draws only the lines in view, so their whole text is read from the editor itself,
 * which its element carries (`stepscopeEditor`); setting the text goes through the editor as one
 * edit, as a paste would (typing a large definition key by key would only slow the test down).
 */

/** The editor's whole text. */
export function editorText(box: Locator): Promise<string> {
  return box.evaluate((el) => {
    // Runs in the page (the test's tsconfig has no DOM types).
    const node = el as unknown as { closest(selector: string): { stepscopeEditor?: { state: { doc: { toString(): string } } } } | null };
    const view = node.closest('.cm-editor')?.stepscopeEditor;
    if (view === undefined) throw new Error('not a code editor');
    return view.state.doc.toString();
  });
}

/** Replaces the editor's whole text with `text` (one undoable edit, as a paste). */
export async function setEditorText(box: Locator, text: string): Promise<void> {
  await box.evaluate((el, value) => {
    type View = { state: { doc: { length: number } }; dispatch(spec: { changes: { from: number; to: number; insert: string }; userEvent: string }): void };
    const node = el as unknown as { closest(selector: string): { stepscopeEditor?: View } | null };
    const view = node.closest('.cm-editor')?.stepscopeEditor;
    if (view === undefined) throw new Error('not a code editor');
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, userEvent: 'input.paste' });
  }, text);
}

type PageView = {
  state: { doc: { toString(): string; lineAt(pos: number): { number: number; from: number } }; selection: { main: { head: number } } };
  dispatch(spec: { selection: { anchor: number; head?: number }; scrollIntoView: boolean }): void;
  focus(): void;
};

/** The cursor's 1-based line and column. */
export function editorCursor(box: Locator): Promise<{ line: number; column: number }> {
  return box.evaluate((el) => {
    const node = el as unknown as { closest(selector: string): { stepscopeEditor?: PageView } | null };
    const view = node.closest('.cm-editor')!.stepscopeEditor!;
    const head = view.state.selection.main.head;
    const line = view.state.doc.lineAt(head);
    return { line: line.number, column: head - line.from + 1 };
  });
}

/**
 * Selects the first occurrence of `text` in the editor (after the first occurrence of `after`, when
 * given), focuses the editor and scrolls the selection into view, as a user selecting it with the
 * mouse would; typing then replaces it.
 */
export async function selectInEditor(box: Locator, text: string, after = ''): Promise<void> {
  await box.evaluate(
    (el, { text, after }) => {
      const node = el as unknown as { closest(selector: string): { stepscopeEditor?: PageView } | null };
      const view = node.closest('.cm-editor')!.stepscopeEditor!;
      const doc = view.state.doc.toString();
      const from = doc.indexOf(text, after === '' ? 0 : doc.indexOf(after) + after.length);
      if (from < 0) throw new Error(`"${text}" is not in the editor`);
      view.dispatch({ selection: { anchor: from, head: from + text.length }, scrollIntoView: true });
      view.focus();
    },
    { text, after },
  );
}
