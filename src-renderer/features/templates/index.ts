/** Opening definitions as users have them: templates (a state machine to choose), placeholders (values made up, editable). */
export { StateMachineChooser, type StateMachineChooserProps } from './StateMachineChooser';
export { MadeUpValues, type MadeUpValuesProps } from './MadeUpValues';
export { LinkedFilePicker, type LinkedFilePickerProps } from './LinkedFilePicker';
export { TemplateOpener, type TemplateOpenerProps } from './TemplateOpener';
export { forWorkspace, openDocument, type OpenedForWorkspace, type PendingDocument } from './openDocument';
export { RunOptionsControl, runOptionsRequest, type RunOptionsControlProps, type RunOptionValues } from './RunOptionsControl';
