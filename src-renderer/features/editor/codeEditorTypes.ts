import type { CompletionSource } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { Diagnostic } from '@common/asl/parseDefinition';

/** The props and handle of `CodeEditor` (apart from it, so that its lazily loaded implementation can use them). */

/** Props of `CodeEditor`. */
export interface CodeEditorProps {
  value: string;
  onChange(text: string): void;
  /** The accessible name of the text box (tests and screen readers find the editor by it). */
  label: string;
  /** `json`, or `auto`: JSON when the text starts with `{` or `[`, YAML otherwise (as the validator reads it). */
  language?: 'json' | 'auto';
  /** Problems to mark in the text (underline, gutter marker, tooltip), placed by their line and column. */
  diagnostics?: readonly Diagnostic[];
  /** The text `diagnostics` were found in: they are shown only while the editor still holds it. */
  diagnosticsText?: string;
  /** Completions at the cursor. */
  completion?: CompletionSource;
  /** Extra class of the frame (its height comes from CSS: `.code-editor` and this class). */
  className?: string;
}

/** What a parent can do with a `CodeEditor`. */
export interface CodeEditorHandle {
  /** Puts the cursor at a 1-based line and column, scrolls it into view and focuses the editor. */
  goTo(line: number, column: number): void;
}

/** The CodeMirror view of an editor, reachable from its DOM element (`.cm-editor`) for tests and the browser's devtools. */
export interface EditorElement extends HTMLElement {
  stepscopeEditor?: EditorView;
}
