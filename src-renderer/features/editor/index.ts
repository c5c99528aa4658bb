/** The definition editor feature: text plus live diagnostics. */
export { DefinitionEditor, type DefinitionEditorProps } from './DefinitionEditor';
