import type { ChangeEvent } from 'react';

/** Props of `ImportControl`. */
export interface ImportControlProps {
  /** Called with the chosen files (one import). */
  onFiles(files: File[]): void;
  disabled?: boolean;
}

/**
 * "Import history…": a file picker for AWS histories (`get-execution-history` pages with their
 * describe-execution and definition files), conformance cases or Stepscope bundles.
 */
export function ImportControl({ onFiles, disabled }: ImportControlProps) {
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <label className="button" aria-disabled={disabled ? 'true' : undefined}>
      Import history…
      <input type="file" multiple accept=".json,.yaml,.yml" aria-label="Import history files" className="visually-hidden" disabled={disabled} onChange={onChange} />
    </label>
  );
}
