/** `1 event`, `15 events`, `3 of 15 events`: a count with its noun in the right number (plural by adding `s`). */
export function countLabel(count: number, noun: string, total?: number): string {
  const n = total ?? count;
  const word = n === 1 ? noun : `${noun}s`;
  return total === undefined ? `${count} ${word}` : `${count} of ${total} ${word}`;
}
