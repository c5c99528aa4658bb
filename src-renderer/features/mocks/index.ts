/** Mock configs: "Mocks from this execution" and the editor of a mock config. */
export { MocksEditor, parseEditedMocks, type EditedMocks, type MocksEditorProps } from './MocksEditor';
