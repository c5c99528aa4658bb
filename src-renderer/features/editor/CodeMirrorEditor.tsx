import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { lintGutter, nextDiagnostic, previousDiagnostic, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { syntaxOf } from './cursorContext';
import { offsetOf, placeDiagnostics } from './diagnosticRanges';
import { editorTheme } from './editorTheme';

import type { CodeEditorHandle, CodeEditorProps, EditorElement } from './codeEditorTypes';

const languageOf = (mode: 'json' | 'auto', text: string): 'json' | 'yaml' => (mode === 'json' ? 'json' : syntaxOf(text));

/**
 * A code editor (CodeMirror 6) for JSON, or JSON and YAML: line numbers, folding, bracket matching
 * and closing, undo/redo, search (Ctrl/Cmd+F), the app's theme colours, and the problems it is
 * given shown inline and in the gutter; F8 and Shift+F8 go to the next and previous problem.
 * Controlled: `value` replaces the text when it differs from what the editor holds.
 */
const CodeMirrorEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeMirrorEditor(
  { value, onChange, label, language = 'json', diagnostics, diagnosticsText, completion, className },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const completionRef = useRef(completion);
  completionRef.current = completion;
  const languageSlot = useRef(new Compartment());
  const syntax = useRef<'json' | 'yaml'>(languageOf(language, value));

  useEffect(() => {
    const extensions: Extension[] = [
      lineNumbers(),
      foldGutter(),
      lintGutter(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      autocompletion({ override: [(ctx) => completionRef.current?.(ctx) ?? null], icons: false }),
      languageSlot.current.of(syntax.current === 'json' ? json() : yaml()),
      keymap.of([
        { key: 'F8', run: nextDiagnostic, preventDefault: true },
        { key: 'Shift-F8', run: previousDiagnostic, preventDefault: true },
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...foldKeymap,
        ...completionKeymap,
        indentWithTab,
      ]),
      EditorState.tabSize.of(2),
      EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
      // JSON or YAML as the text's first character says, switched as it is typed.
      EditorState.transactionExtender.of((tr) => {
        if (!tr.docChanged) return null;
        const next = languageOf(language, tr.newDoc.sliceString(0, Math.min(tr.newDoc.length, 4096)));
        if (next === syntax.current) return null;
        syntax.current = next;
        return { effects: languageSlot.current.reconfigure(next === 'json' ? json() : yaml()) };
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChangeRef.current(update.state.doc.toString());
      }),
      editorTheme,
    ];
    const created = new EditorView({ state: EditorState.create({ doc: value, extensions }), parent: host.current! });
    (created.dom as EditorElement).stepscopeEditor = created;
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The view is made once; later values and diagnostics are dispatched to it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A new value from outside (not the echo of the user's own typing) replaces the text.
  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    const current = v.state.doc.toString();
    if (current === value || current === normalizeBreaks(value)) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    const doc = v.state.doc;
    if (diagnosticsText !== undefined && doc.toString() !== normalizeBreaks(diagnosticsText)) return;
    const marks: LintDiagnostic[] = placeDiagnostics(doc, diagnostics ?? []).map((d) => ({
      from: d.from,
      to: d.to,
      severity: d.severity,
      message: d.message,
      source: d.code,
    }));
    v.dispatch(setDiagnostics(v.state, marks));
  }, [diagnostics, diagnosticsText]);

  useImperativeHandle(
    ref,
    () => ({
      goTo(line, column) {
        const v = view.current;
        if (v === null) return;
        const pos = offsetOf(v.state.doc, line, column);
        v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
        v.focus();
        v.dom.scrollIntoView({ block: 'nearest' });
      },
    }),
    [],
  );

  return <div ref={host} className={`code-editor${className ? ` ${className}` : ''}`} />;
});

/** CodeMirror keeps line breaks as `\n`: a text with `\r\n` is the same text to it. */
function normalizeBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export default CodeMirrorEditor;
