import { parseArgs } from 'node:util';
import { UsageError } from './errors';

/** Declares one option of a verb: a flag (`boolean`) or an option taking a value (`string`). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  short?: string;
}

/** Parsed command line of one verb. */
export interface ParsedArgs {
  positionals: string[];
  strings: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  flags: Record<string, boolean>;
}

/**
 * Parses a verb's arguments strictly: unknown options, a missing option value or a value given
 * to a flag become a UsageError naming the option. `--help`/`-h` is always accepted.
 */
export function parseVerbArgs(verb: string, argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec)) {
    options[name] = { type: o.type, multiple: o.multiple === true, ...(o.short ? { short: o.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Only mistakes in the command line are usage errors; anything else is a bug in the spec above.
    if (!String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(cleanParseArgsMessage(error instanceof Error ? error.message : String(error)), verb);
  }
  const result: ParsedArgs = { positionals: parsed.positionals, strings: {}, lists: {}, flags: { help: parsed.values.help === true } };
  for (const [name, o] of Object.entries(spec)) {
    const value = parsed.values[name];
    if (o.type === 'boolean') result.flags[name] = value === true;
    else if (o.multiple) result.lists[name] = Array.isArray(value) ? (value as string[]) : [];
    else result.strings[name] = typeof value === 'string' ? value : undefined;
  }
  return result;
}

/** node:util's messages mention "To specify a positional argument starting with a '-'..."; keep the first sentence. */
function cleanParseArgsMessage(message: string): string {
  // A value that starts with "-" (a file named -x.json): say how to give it, on one line.
  const ambiguous = /^Option '(-\w, )?(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) return `Option '${ambiguous[2]}' is followed by something that looks like an option: give a value starting with "-" as ${ambiguous[2]}=<value>`;
  const first = message.split(/\.\s/)[0].replace(/\.$/, '');
  return first.replace(/^Option '(-\w, )?(--[\w-]+) <value>' argument missing$/, "Option '$2' needs a value");
}
