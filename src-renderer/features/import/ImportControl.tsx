import { useRef, type ChangeEvent } from 'react';

/** Props of `ImportControl`. */
export interface ImportControlProps {
  /** Called with the chosen files (one import). */
  onFiles(files: File[]): void;
  disabled?: boolean;
}

/**
 * "Import history…": a button that opens a file picker for AWS histories (`get-execution-history`
 * pages with their describe-execution and definition files), conformance cases or Stepscope
 * bundles. The picker itself ("Import history files") stays hidden.
 */
export function ImportControl({ onFiles, disabled }: ImportControlProps) {
  const input = useRef<HTMLInputElement>(null);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled}>
        Import history…
      </button>
      <input ref={input} type="file" multiple accept=".json,.yaml,.yml" aria-label="Import history files" className="visually-hidden" tabIndex={-1} disabled={disabled} onChange={onChange} />
    </>
  );
}
