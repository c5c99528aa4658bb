/**
 * Entry point of the `stepscope` command (bundled to dist/cli.mjs by scripts/build-cli.mjs and
 * started by bin/stepscope.mjs).
 */
import { runCli } from './cli';

function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
}

// A closed pipe (`stepscope run ... | head`) is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
