/** The definition editor feature: text plus live diagnostics, and the code editor it is built on (also used for inputs and mocks). */
export { DefinitionEditor, type DefinitionEditorProps } from './DefinitionEditor';
export { CodeEditor, type CodeEditorHandle, type CodeEditorProps } from './CodeEditor';
