import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { parseDefinitionText } from '@common/asl/parseDefinition';
import type { Json } from '@common/json';
import { aslCompletions } from './aslCompletion';
import { cursorContext, syntaxOf } from './cursorContext';

/** YAML plain scalars that must be quoted. */
const YAML_NEEDS_QUOTES = /^[\s\-?:,[\]{}#&*!|>'"%@`]|[:#]\s|\s$|:$/;

/**
 * The definition editor's completion source: `aslCompletions` at the cursor, with the definition
 * as last read (while a value is typed the text is often not readable; the last readable one
 * still names the states).
 */
export function aslCompletionSource(): CompletionSource {
  let lastRead: Json | undefined;
  return (ctx: CompletionContext): CompletionResult | null => {
    const text = ctx.state.doc.toString();
    const parsed = parseDefinitionText(text);
    if (parsed.ok) lastRead = parsed.value;
    const context = cursorContext(text, ctx.pos);
    if (context === undefined) return null;
    const found = aslCompletions(lastRead, context);
    if (found === undefined || found.options.length === 0) return null;
    const yaml = syntaxOf(text) === 'yaml';
    const after = ctx.state.sliceDoc(ctx.pos, ctx.pos + 1);
    const options: Completion[] = found.options.map((o) => {
      let apply = o.label;
      if (o.detail === 'intrinsic function') apply = `${o.label}(`;
      else if (yaml && context.role === 'key') apply = `${o.label}: `;
      else if (yaml && !context.quoted && YAML_NEEDS_QUOTES.test(o.label)) apply = JSON.stringify(o.label);
      else if (!yaml && context.quoted && after !== '"') apply = `${o.label}"`;
      else if (!yaml && !context.quoted) apply = JSON.stringify(o.label);
      // A state naming itself (a loop) is the least likely choice: listed last.
      const boost = o.detail === 'state (this one)' ? -50 : 0;
      return { label: o.label, detail: o.detail, apply, boost, type: o.detail === 'field' || o.detail === 'operator' ? 'property' : o.detail.startsWith('state') ? 'variable' : 'keyword' };
    });
    return { from: found.from, options, validFor: /^[^"\n:]*$/ };
  };
}
