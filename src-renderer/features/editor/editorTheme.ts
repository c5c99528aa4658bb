import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/**
 * The code editor's look, written in the app's theme tokens (app.css `--panel`, `--ink`, ...), so
 * that the light and dark themes apply to it as to the rest of the page with no second palette:
 * switching `<html data-theme>` recolours the editor at once.
 */
const base = EditorView.theme({
  '&': { color: 'var(--ink)', backgroundColor: 'var(--panel)', fontSize: '12px', border: '1px solid var(--line)', borderRadius: '4px', height: '100%' },
  '&.cm-focused': { outline: '1px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--ink)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--ink)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--cursor-row)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--hover) 70%, transparent)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--hover)', color: 'var(--ink)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--status-bg)', border: '1px solid var(--line)', color: 'var(--muted)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--ok-bg)', outline: '1px solid var(--ok)' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--bad-bg)' },
  '.cm-searchMatch': { backgroundColor: 'var(--highlight)', outline: '1px solid var(--note-line)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--note-line)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--expr-bg)' },
  '.cm-panels': { backgroundColor: 'var(--head-bg)', color: 'var(--ink)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--line)' },
  '.cm-panel input, .cm-panel button': { fontSize: '12px' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--line)', borderRadius: '4px' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--panel)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '0.8em' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--bad)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--bad)', textUnderlineOffset: '3px' },
  '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy var(--warn)', textUnderlineOffset: '3px' },
  '.cm-gutter-lint': { width: '1.1em' },
});

/** Token colours: keys, strings, numbers, literals, from the same tokens. */
const highlight = HighlightStyle.define([
  { tag: t.propertyName, color: 'var(--expr-ink)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--ok)' },
  { tag: t.number, color: 'var(--catch-ink)' },
  { tag: [t.bool, t.null, t.keyword, t.atom], color: 'var(--accent)' },
  { tag: [t.comment, t.meta], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.punctuation, t.separator, t.brace, t.squareBracket], color: 'var(--muted)' },
  { tag: t.invalid, color: 'var(--bad)' },
]);

/** The theme and token colours together. */
export const editorTheme = [base, syntaxHighlighting(highlight)];
