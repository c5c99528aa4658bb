import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * "no such file (<path>)", and, when a file of that name in another case is there, that one: a
 * template written on a case-insensitive file system (macOS, Windows) may name
 * `StateMachine.asl.json` for `stateMachine.asl.json`, which opens only there.
 */
export function noSuchFileMessage(full: string): string {
  let sameButCase: string | undefined;
  try {
    const wanted = basename(full).toLowerCase();
    sameButCase = readdirSync(dirname(full)).find((entry) => entry.toLowerCase() === wanted);
  } catch {
    sameButCase = undefined;
  }
  return sameButCase !== undefined
    ? `no such file (${full}); ${sameButCase} is there, its name differing only in case (file names are case-sensitive here)`
    : `no such file (${full})`;
}
