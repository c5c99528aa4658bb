/** Props of `LinkedFilePicker`. */
export interface LinkedFilePickerProps {
  /** The template's file name. */
  fileName: string;
  /** The file its DefinitionUri names, as the template writes it. */
  needsFile: string;
  onFile(file: File): void;
  onCancel(): void;
}

/**
 * A template opened without its folder (the browser gives a page no paths) keeps its definition in
 * another file (`DefinitionUri`): the user chooses that file, and the template opens with it.
 */
export function LinkedFilePicker({ fileName, needsFile, onFile, onCancel }: LinkedFilePickerProps) {
  const base = needsFile.split(/[\\/]/).pop() ?? needsFile;
  return (
    <section className="template-chooser card" role="dialog" aria-modal="false" aria-labelledby="linked-file-title">
      <h3 id="linked-file-title">
        Choose {base} for {fileName}
      </h3>
      <p>
        The template keeps its state machine's definition in <code>{needsFile}</code>, which this page cannot read by itself. Choose that file to open the template with it.
      </p>
      <div className="linked-file-actions">
        <label className="linked-file-choose">
        Choose {base}…
        <input
          type="file"
          accept=".json,.yaml,.yml"
          aria-label={`Definition file ${needsFile}`}
          className="visually-hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onFile(file);
          }}
        />
        </label>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
