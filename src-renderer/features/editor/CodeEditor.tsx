import { Suspense, forwardRef, lazy } from 'react';
import type { CodeEditorHandle, CodeEditorProps } from './codeEditorTypes';
import './editor.css';

export type { CodeEditorHandle, CodeEditorProps, EditorElement } from './codeEditorTypes';

/** CodeMirror and its languages are loaded with the first editor shown, not with the start page. */
const CodeMirrorEditor = lazy(() => import('./CodeMirrorEditor'));

/**
 * A code editor (CodeMirror 6, `CodeMirrorEditor.tsx`) for JSON, or JSON and YAML: line numbers,
 * folding, bracket matching and closing, undo/redo, search (Ctrl/Cmd+F), the app's theme colours,
 * and the problems it is given marked inline and in the gutter (F8 and Shift+F8 go to the next and
 * previous). Until CodeMirror has loaded (a moment, the first time), an empty frame of the same size
 * holds its place.
 */
export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor(props, ref) {
  return (
    <Suspense fallback={<div className={`code-editor${props.className ? ` ${props.className}` : ''}`} aria-busy="true" />}>
      <CodeMirrorEditor {...props} ref={ref} />
    </Suspense>
  );
});
