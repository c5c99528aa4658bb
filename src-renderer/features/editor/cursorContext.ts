/**
 * Where the cursor is in a definition being typed, read from the text alone (it is usually not
 * valid JSON or YAML while it is typed): the path of the object that holds the key at the cursor,
 * whether a key or a value is being typed, which key's value, and the part already typed. Pure,
 * tested in Node.
 */

/** A path of object keys and array indices from the document's root. */
export type DocPath = (string | number)[];

/** What is being typed at the cursor. */
export type CursorContext =
  | {
      role: 'key';
      /** The object the key is typed in. */
      path: DocPath;
      /** The part of the key typed so far, and where it starts. */
      prefix: string;
      from: number;
      /** JSON: the key is inside quotes (the completion closes them when they are not yet closed). */
      quoted: boolean;
    }
  | {
      role: 'value';
      path: DocPath;
      /** The key whose value is typed. */
      key: string;
      prefix: string;
      from: number;
      quoted: boolean;
    };

/** The syntax of the text: JSON when it starts with `{` or `[` (as the validator decides), else YAML. */
export function syntaxOf(text: string): 'json' | 'yaml' {
  const first = text.replace(/^\ufeff/, '').trimStart()[0];
  return first === '{' || first === '[' || first === undefined ? 'json' : 'yaml';
}

/** The cursor context at `pos` in `text`, or undefined where neither a key nor a value is being typed. */
export function cursorContext(text: string, pos: number): CursorContext | undefined {
  return syntaxOf(text) === 'json' ? jsonContext(text, pos) : yamlContext(text, pos);
}

// ---------------------------------------------------------------------------------------------
// JSON

const JSON_VALUE_QUOTED = /"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)$/;
const JSON_VALUE_BARE = /"((?:[^"\\]|\\.)*)"\s*:\s*([A-Za-z]*)$/;
const JSON_KEY_QUOTED = /(^|[{,])\s*"((?:[^"\\]|\\.)*)$/;

function jsonContext(text: string, pos: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  let m = JSON_VALUE_QUOTED.exec(before);
  if (m) {
    const anchor = lineStart + m.index;
    const path = jsonPathAt(text, anchor);
    return path && { role: 'value', path, key: m[1], prefix: m[2], from: pos - m[2].length, quoted: true };
  }
  m = JSON_VALUE_BARE.exec(before);
  if (m) {
    const anchor = lineStart + m.index;
    const path = jsonPathAt(text, anchor);
    return path && { role: 'value', path, key: m[1], prefix: m[2], from: pos - m[2].length, quoted: false };
  }
  m = JSON_KEY_QUOTED.exec(before);
  if (m) {
    const quoteAt = pos - m[2].length - 1;
    const path = jsonPathAt(text, quoteAt);
    return path && { role: 'key', path, prefix: m[2], from: pos - m[2].length, quoted: true };
  }
  return undefined;
}

interface Frame {
  kind: 'object' | 'array';
  /** Object: the last key read. Array: the index of the current element. */
  key: string | number | undefined;
  expectKey: boolean;
}

/**
 * The path of the object that is open at `offset` (the key typed at `offset` belongs to it),
 * scanning the text before it; undefined when no object is open there.
 */
export function jsonPathAt(text: string, offset: number): DocPath | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < offset) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        top.key = safeString(text.slice(i, Math.min(j + 1, text.length)));
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') stack.push({ kind: 'object', key: undefined, expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', key: 0, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.key = (top.key as number) + 1;
    }
    i++;
  }
  const top = stack[stack.length - 1];
  if (top?.kind !== 'object') return undefined;
  const path: DocPath = [];
  for (const f of stack.slice(0, -1)) {
    if (f.key === undefined) return undefined;
    path.push(f.key);
  }
  return path;
}

function safeString(quoted: string): string {
  try {
    return JSON.parse(quoted.endsWith('"') && quoted.length > 1 ? quoted : quoted + '"') as string;
  } catch {
    return quoted.replace(/^"|"$/g, '');
  }
}

// ---------------------------------------------------------------------------------------------
// YAML (block style: keys and `- ` items by indentation)

const YAML_LINE = /^(\s*)((?:-(?:\s+|$))*)(.*)$/;
const YAML_KEY = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/;

interface YamlLine {
  /** Column of the first `- `, or undefined. */
  dash: number | undefined;
  /** Column where the content (after any dashes) starts. */
  content: number;
  /** The key the content starts with, if any. */
  key: string | undefined;
  /** Nothing but whitespace or a comment. */
  blank: boolean;
}

function readYamlLine(line: string): YamlLine {
  const m = YAML_LINE.exec(line)!;
  const rest = m[3];
  const blank = rest.trim() === '' || rest.trimStart().startsWith('#');
  const k = YAML_KEY.exec(rest);
  return {
    dash: m[2].length > 0 ? m[1].length : undefined,
    content: m[1].length + m[2].length,
    key: k ? unquoteYaml(k[1]) : undefined,
    blank: blank && m[2].length === 0,
  };
}

function unquoteYaml(key: string): string {
  if (key.startsWith('"')) return safeString(key);
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key.trim();
}

const YAML_VALUE = /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s:#"'][^:#]*?)\s*:\s+(["']?)([^"'#]*)$/;
const YAML_KEY_TYPED = /^(\s*)((?:-\s+)*)([A-Za-z][\w.$]*|)$/;

function yamlContext(text: string, pos: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  const lines = text.slice(0, lineStart).split(/\r\n|\r|\n/);
  lines.pop(); // the empty piece after the last newline before this line
  let m = YAML_VALUE.exec(before);
  if (m) {
    const column = m[1].length + m[2].length;
    const path = yamlPathAt(lines, column, m[2].length > 0 ? m[1].length : undefined);
    return { role: 'value', path, key: unquoteYaml(m[3]), prefix: m[5], from: pos - m[5].length, quoted: m[4] !== '' };
  }
  m = YAML_KEY_TYPED.exec(before);
  if (m) {
    const column = m[1].length + m[2].length;
    const path = yamlPathAt(lines, column, m[2].length > 0 ? m[1].length : undefined);
    return { role: 'key', path, prefix: m[3], from: pos - m[3].length, quoted: false };
  }
  return undefined;
}

/**
 * The path of the mapping a key at `column` belongs to, from the lines above it (`dash`: the
 * column of the `- ` that starts an item on the cursor's own line).
 */
export function yamlPathAt(linesAbove: readonly string[], column: number, dash: number | undefined): DocPath {
  const reversed: DocPath = [];
  let limit = column;
  let i = linesAbove.length - 1;
  /** Inside an item whose `- ` sits at `dashColumn`: its index, counting the items above it, then the parent. */
  const enterItem = (dashColumn: number, from: number) => {
    let index = 0;
    let j = from;
    for (; j >= 0; j--) {
      const l = readYamlLine(linesAbove[j]);
      if (l.blank) continue;
      if (l.dash === dashColumn) index++;
      else if ((l.dash === undefined && l.content <= dashColumn) || (l.dash !== undefined && l.dash < dashColumn)) break;
    }
    reversed.push(index);
    // The sequence's key may sit at the dashes' column (`Choices:` above `- Next: ...`).
    limit = dashColumn + 1;
    return j;
  };
  if (dash !== undefined) i = enterItem(dash, i);
  while (i >= 0 && limit > 0) {
    const l = readYamlLine(linesAbove[i]);
    if (l.blank) {
      i--;
      continue;
    }
    if (l.dash !== undefined && l.content === limit) {
      // A sibling key in the same item (`- Key: ...` above `  Other: ...`).
      i = enterItem(l.dash, i - 1);
      continue;
    }
    if (l.content < limit && l.key !== undefined) {
      reversed.push(l.key);
      limit = l.content;
      if (l.dash !== undefined) i = enterItem(l.dash, i - 1);
      else i--;
      continue;
    }
    if (l.dash !== undefined && l.dash < limit && l.content >= limit) {
      // `-` alone on its line with the mapping below it.
      i = enterItem(l.dash, i - 1);
      continue;
    }
    i--;
  }
  return reversed.reverse();
}
