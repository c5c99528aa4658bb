import { CHOICE_COMPARISON_OPERATORS } from '@common/asl/choiceOperators';
import type { StateType } from '@common/asl/types';
import {
  BRANCH_FIELDS,
  CATCHER_FIELDS,
  JSONATA_ONLY_FIELDS,
  JSONPATH_ONLY_FIELDS,
  PROCESSOR_FIELDS,
  QUERY_LANGUAGES,
  RETRIER_FIELDS,
  ROOT_FIELDS,
  STATE_FIELDS,
  STATE_TYPES,
} from '@common/asl/validation/fields';
import { INTRINSIC_FUNCTIONS } from '@common/asl/validation/paths';
import type { Json, JsonObject } from '@common/json';
import type { CursorContext, DocPath } from './cursorContext';

/**
 * What the definition editor offers at the cursor, from the ASL rules the validator itself uses
 * (`asl/validation/fields.ts` for the fields of each state type and part, `STATE_TYPES`,
 * `QUERY_LANGUAGES`, the intrinsic functions of `asl/validation/paths.ts`, the Choice operators of
 * `asl/choiceOperators.ts`), and state names from the definition: `Next`, `Default` and a Catcher's
 * `Next` offer the states of the same `States` block, `StartAt` those of its own block. Pure.
 */

/** One completion offered. */
export interface AslCompletion {
  label: string;
  /** What kind of thing it is, shown beside it (`state`, `field`, `type`, `function`, ...). */
  detail: string;
}

/** The completions at a cursor: replace `from`..cursor with one of `options`. */
export interface AslCompletions {
  from: number;
  options: AslCompletion[];
}

/** What a path in a definition is. */
type Part = 'root' | 'branch' | 'processor' | 'state' | 'retrier' | 'catcher' | 'choiceRule' | 'other';

/** Which part of a definition the object at `path` is. */
export function partAt(path: DocPath): Part {
  const n = path.length;
  if (n === 0) return 'root';
  const last = path[n - 1];
  const parent = path[n - 2];
  if (n >= 2 && parent === 'States' && typeof last === 'string' && isMachine(path.slice(0, -2))) return 'state';
  if (typeof last === 'number' && parent === 'Branches' && partAt(path.slice(0, -2)) === 'state') return 'branch';
  if ((last === 'ItemProcessor' || last === 'Iterator') && partAt(path.slice(0, -1)) === 'state') return 'processor';
  if (typeof last === 'number' && parent === 'Retry' && partAt(path.slice(0, -2)) === 'state') return 'retrier';
  if (typeof last === 'number' && parent === 'Catch' && partAt(path.slice(0, -2)) === 'state') return 'catcher';
  if (typeof last === 'number' && parent === 'Choices' && partAt(path.slice(0, -2)) === 'state') return 'choiceRule';
  return 'other';
}

function isMachine(path: DocPath): boolean {
  const p = partAt(path);
  return p === 'root' || p === 'branch' || p === 'processor';
}

/** The path of the state machine (root, branch or processor) whose `States` a transition at `path` names. */
function machineOf(path: DocPath, part: Part): DocPath | undefined {
  if (part === 'root' || part === 'branch' || part === 'processor') return path;
  if (part === 'state') return path.slice(0, -2);
  if (part === 'catcher' || part === 'choiceRule') return path.slice(0, -4);
  return undefined;
}

function at(value: Json | undefined, path: DocPath): Json | undefined {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? (typeof k === 'number' ? v[k] : undefined) : (v as JsonObject)[String(k)];
  }
  return v;
}

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The query language in force for the object at `path`: its own `QueryLanguage`, else the top level's, else JSONPath. */
function queryLanguageAt(definition: Json | undefined, path: DocPath): string {
  for (let n = path.length; n >= 0; n--) {
    const o = at(definition, path.slice(0, n));
    if (isObject(o) && typeof o.QueryLanguage === 'string' && (n === path.length || n === 0 || partAt(path.slice(0, n)) === 'state')) return o.QueryLanguage;
  }
  return 'JSONPath';
}

/** The field names valid in the object at `path` (undefined: not a part of a definition the rules describe). */
export function fieldsAt(definition: Json | undefined, path: DocPath): string[] | undefined {
  const part = partAt(path);
  const object = at(definition, path);
  let fields: Iterable<string>;
  switch (part) {
    case 'root':
      fields = ROOT_FIELDS;
      break;
    case 'branch':
      fields = BRANCH_FIELDS;
      break;
    case 'processor':
      fields = PROCESSOR_FIELDS;
      break;
    case 'retrier':
      fields = RETRIER_FIELDS;
      break;
    case 'catcher':
      fields = CATCHER_FIELDS;
      break;
    case 'choiceRule':
      fields =
        queryLanguageAt(definition, path.slice(0, -2)) === 'JSONata'
          ? ['Condition', 'Next', 'Assign', 'Output', 'Comment']
          : ['Variable', ...CHOICE_COMPARISON_OPERATORS, 'And', 'Or', 'Not', 'Next', 'Assign', 'Comment'];
      break;
    case 'state': {
      const type = isObject(object) ? object.Type : undefined;
      fields = typeof type === 'string' && (STATE_TYPES as readonly string[]).includes(type) ? STATE_FIELDS[type as StateType] : new Set(STATE_TYPES.flatMap((t) => [...STATE_FIELDS[t]]));
      break;
    }
    default:
      return undefined;
  }
  const list = [...fields];
  if (part === 'state' || part === 'catcher') {
    const jsonata = queryLanguageAt(definition, part === 'state' ? path : path.slice(0, -2)) === 'JSONata';
    return list.filter((f) => !(jsonata ? JSONPATH_ONLY_FIELDS : JSONATA_ONLY_FIELDS).has(f));
  }
  return list;
}

/** The state names of the `States` block a transition from `path` names (StartAt: its own block). */
export function stateNamesFor(definition: Json | undefined, path: DocPath, key: string): string[] {
  const part = partAt(path);
  const machine = key === 'StartAt' ? (part === 'root' || part === 'branch' || part === 'processor' ? path : undefined) : machineOf(path, part);
  if (machine === undefined) return [];
  const states = at(definition, [...machine, 'States']);
  return isObject(states) ? Object.keys(states) : [];
}

const OPERATORS: ReadonlySet<string> = new Set(CHOICE_COMPARISON_OPERATORS);

const INTRINSIC_PREFIX = /States\.[A-Za-z]*$/;

/**
 * The completions for a cursor context in a definition. `definition` is the definition as last
 * read (the text being typed is often not readable; the editor keeps the last value that was).
 */
export function aslCompletions(definition: Json | undefined, context: CursorContext): AslCompletions | undefined {
  if (context.role === 'key') {
    const fields = fieldsAt(definition, context.path);
    if (fields === undefined) return undefined;
    const present = at(definition, context.path);
    const taken = new Set(isObject(present) ? Object.keys(present) : []);
    // A Choice rule compares with one operator: once it has one, the others are not offered.
    const hasOperator = partAt(context.path) === 'choiceRule' && [...taken].some((k) => OPERATORS.has(k));
    const options = fields
      .filter((f) => (!taken.has(f) || f === context.prefix) && !(hasOperator && OPERATORS.has(f)))
      .map((f) => ({ label: f, detail: OPERATORS.has(f) ? 'operator' : 'field' }));
    return { from: context.from, options };
  }
  const { key, path } = context;
  const part = partAt(path);
  if (key === 'Next' || key === 'Default' || key === 'StartAt') {
    if (key === 'Default' && part !== 'state') return undefined;
    const names = stateNamesFor(definition, path, key);
    const self = part === 'state' ? path[path.length - 1] : undefined;
    return { from: context.from, options: names.map((n) => ({ label: n, detail: n === self ? 'state (this one)' : 'state' })) };
  }
  if (key === 'Type' && part === 'state') return { from: context.from, options: STATE_TYPES.map((t) => ({ label: t, detail: 'state type' })) };
  if (key === 'QueryLanguage') return { from: context.from, options: QUERY_LANGUAGES.map((q) => ({ label: q, detail: 'query language' })) };
  const intrinsic = INTRINSIC_PREFIX.exec(context.prefix);
  if (intrinsic) {
    return { from: context.from + intrinsic.index, options: [...INTRINSIC_FUNCTIONS].map((f) => ({ label: f, detail: 'intrinsic function' })) };
  }
  return undefined;
}
