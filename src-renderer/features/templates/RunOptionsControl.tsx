/** The run options a user's own workflow may need: its type, and a folder standing for S3. */
export interface RunOptionValues {
  type: 'STANDARD' | 'EXPRESS';
  /** A folder on the machine Stepscope runs on: s3://bucket/key is <folder>/bucket/key ('' for none). */
  s3Root: string;
}

/** What the options add to an `executions.start` / `debug.start` request. */
export function runOptionsRequest(value: RunOptionValues): { stateMachineType?: 'EXPRESS'; s3Root?: string } {
  return { ...(value.type === 'EXPRESS' ? { stateMachineType: 'EXPRESS' as const } : {}), ...(value.s3Root.trim() !== '' ? { s3Root: value.s3Root.trim() } : {}) };
}

/** Props of `RunOptionsControl`. */
export interface RunOptionsControlProps {
  value: RunOptionValues;
  onChange(value: RunOptionValues): void;
}

/**
 * "Run options": Standard or Express (a template's type is the default), and the S3 folder a
 * Distributed Map's ItemReader reads, as `stepscope run --type` and `--s3-root` do.
 */
export function RunOptionsControl({ value, onChange }: RunOptionsControlProps) {
  const summary = [value.type === 'EXPRESS' ? 'Express' : 'Standard', value.s3Root.trim() !== '' ? `S3 folder ${value.s3Root.trim()}` : undefined].filter(Boolean).join(' · ');
  return (
    <details className="run-options">
      <summary>Run options ({summary})</summary>
      <label className="block">
        Workflow type{' '}
        <select aria-label="Workflow type" value={value.type} onChange={(e) => onChange({ ...value, type: e.target.value === 'EXPRESS' ? 'EXPRESS' : 'STANDARD' })}>
          <option value="STANDARD">Standard</option>
          <option value="EXPRESS">Express (express: ARNs, five minutes at most)</option>
        </select>
      </label>
      <label className="block">
        S3 folder (a Distributed Map's ItemReader reads s3://bucket/key from folder/bucket/key)
        <input aria-label="S3 folder" placeholder="/path/to/s3-folder" value={value.s3Root} onChange={(e) => onChange({ ...value, s3Root: e.target.value })} />
      </label>
    </details>
  );
}
