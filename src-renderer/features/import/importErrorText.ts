/**
 * An import's error as one readable line: the service lists one problem per file and place
 * ("Nothing was imported: a.json: not a history; b.json: not a history; …"); the same problem
 * met in several files (or several times in one) is said once, with where it was met.
 */
export function importErrorText(message: string): string {
  const prefix = 'Nothing was imported: ';
  if (!message.startsWith(prefix)) return message;
  const parts = message.slice(prefix.length).split('; ');
  const bySource = new Map<string, string[]>();
  for (const part of parts) {
    const at = part.indexOf(': ');
    const [source, problem] = at > 0 ? [part.slice(0, at), part.slice(at + 2)] : ['', part];
    const sources = bySource.get(problem) ?? [];
    if (source !== '' && !sources.includes(source)) sources.push(source);
    bySource.set(problem, sources);
  }
  const lines = [...bySource].map(([problem, sources]) => {
    if (sources.length === 0) return problem;
    if (sources.length === 1) return `${sources[0]}: ${problem}`;
    const shown = sources.length > 3 ? `${sources.slice(0, 3).join(', ')} and ${sources.length - 3} more` : sources.join(', ');
    return `${problem} (in ${shown})`;
  });
  return `${prefix}${lines.join('; ')}`;
}
