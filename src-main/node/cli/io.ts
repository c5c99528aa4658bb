/** Where the CLI writes; tests capture it, `main.ts` binds it to the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Environment variables (`STEPSCOPE_DEBUG`). */
  env: Record<string, string | undefined>;
}
