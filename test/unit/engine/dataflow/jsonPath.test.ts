import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src-main/common/json';
import {
  compilePathReader,
  isDefinitePath,
  isValidPath,
  readPath,
  readPathInEnv,
  readPathWithContext,
  setAtReferencePath,
} from '../../../../src-main/common/engine/dataflow/jsonPath';
import { StatesError } from '../../../../src-main/common/engine/errors';

/** The classic Goessner/Jayway example document. */
const store: Json = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

function value(doc: Json, path: string): Json {
  const r = readPath(doc, path);
  if (!r.found) throw new Error(`expected a value for ${path}, got: ${r.message}`);
  return r.value;
}

function message(doc: Json, path: string): string {
  const r = readPath(doc, path);
  if (r.found) throw new Error(`expected no value for ${path}, got ${JSON.stringify(r.value)}`);
  return r.message;
}

describe('readPath: definite paths', () => {
  it('reads the whole document with $', () => {
    expect(value(store, '$')).toEqual(store);
  });

  it('reads properties in dot and bracket notation', () => {
    expect(value(store, '$.store.bicycle.color')).toBe('red');
    expect(value(store, "$['store']['bicycle']['color']")).toBe('red');
    expect(value(store, '$["store"]["bicycle"].price')).toBe(19.95);
  });

  it('reads array items by index, negative indexes counting from the end', () => {
    expect(value(store, '$.store.book[0].author')).toBe('Nigel Rees');
    expect(value(store, '$.store.book[-1].title')).toBe('The Lord of the Rings');
    // conformance case base/test_json_path_array_access__items-10-484dcc
    expect(value({ items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, { item_key: 10 }] }, '$.items[10]')).toEqual({ item_key: 10 });
  });

  it('returns null values as found', () => {
    expect(readPath({ a: null }, '$.a')).toEqual({ found: true, value: null });
  });

  it('merges a leaf union of properties into one object', () => {
    expect(value(store, "$.store.bicycle['color', 'price']")).toEqual({ color: 'red', price: 19.95 });
    expect(value(store, "$.store.bicycle['color','nope']")).toEqual({ color: 'red' });
    expect(isDefinitePath("$['a','b']")).toBe(true);
  });

  it('keeps backslashes of bracket names verbatim (scenarios/test_escape_sequence_parsing__ESCAPE_SEQUENCES_JSONPATH)', () => {
    const doc = { 'Test\\""Name"': 'Value"\\' };
    expect(value(doc, '$[\'Test\\""Name"\']')).toBe('Value"\\');
  });

  it('accepts property names with dashes and other characters', () => {
    expect(value({ 'int-literal': 0 }, '$.int-literal')).toBe(0);
    expect(value({ 'a b': 1 }, "$['a b']")).toBe(1);
  });
});

describe('readPath: Jayway messages when nothing is found', () => {
  it('says "No results for path" for a missing last property (ST.INVALID_JSONPATH_IN_INPUTPATH)', () => {
    expect(message({ 'int-literal': 0 }, '$.NoSuchInputPath')).toBe("No results for path: $['NoSuchInputPath']");
    expect(message(store, '$.store.nope')).toBe("No results for path: $['store']['nope']");
  });

  it('says "Missing property in path" for a missing intermediate property (test_catch_states_runtime)', () => {
    expect(message({}, '$.no.such.result.path')).toBe("Missing property in path $['no']");
  });

  it('reports an index beyond the array as no results', () => {
    expect(message(store, '$.store.book[10]')).toBe("No results for path: $['store']['book'][10]");
    expect(message(store, '$.store.book[-5].title')).toBe("No results for path: $['store']['book'][-5]['title']");
  });

  it('names the Java class of a value that is not an object', () => {
    expect(message(store, '$.store.bicycle.color.x')).toBe(
      "Expected to find an object with property ['x'] in path $['store']['bicycle']['color'] but found 'java.lang.String'. " +
        "This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
    );
    expect(message({ a: null }, '$.a.b')).toContain("but found 'null'");
    expect(message({ a: [1] }, '$.a.b')).toContain("but found 'net.minidev.json.JSONArray'");
  });

  it('refuses an index on a value that is not an array', () => {
    expect(message({ a: { b: 1 } }, '$.a[0]')).toBe('Filter: [0] can only be applied to arrays. Current context is: {"b":1}');
    expect(message({ a: null }, '$.a[0]')).toBe("The path $['a'] is null");
  });

  it('refuses a union of properties that is not the last step', () => {
    expect(message({ a: { v: 1 }, b: { v: 2 } }, "$['a', 'b'].v")).toBe("Multi properties can only be used as path leafs: $['a', 'b']");
  });

  it('does not support functions such as length()', () => {
    expect(readPath(store, '$.store.book.length()').found).toBe(false);
  });

  it('reports text that is not a path', () => {
    expect(isValidPath('store.book')).toBe(false);
    expect(readPath(store, 'store.book').found).toBe(false);
    expect(readPath(store, '$.store[').found).toBe(false);
  });
});

describe('readPath: indefinite paths', () => {
  it('reads every match of a wildcard', () => {
    expect(value(store, '$.store.book[*].author')).toEqual(['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']);
    expect(value(store, '$.store.bicycle.*')).toEqual(['red', 19.95]);
  });

  it('reads slices the way Jayway does', () => {
    const doc = { a: [0, 1, 2, 3, 4] };
    expect(value(doc, '$.a[1:3]')).toEqual([1, 2]);
    expect(value(doc, '$.a[:2]')).toEqual([0, 1]);
    expect(value(doc, '$.a[-1:]')).toEqual([4]);
    expect(value(doc, '$.a[-2:]')).toEqual([3, 4]);
    expect(value(doc, '$.a[2:]')).toEqual([2, 3, 4]);
    expect(value(doc, '$.a[:-2]')).toEqual([0, 1, 2]);
    expect(value(doc, '$.a[3:10]')).toEqual([3, 4]);
    expect(value(doc, '$.a[3:1]')).toEqual([]);
  });

  it('reads index and name unions', () => {
    expect(value(store, '$.store.book[0,1].title')).toEqual(['Sayings of the Century', 'Sword of Honour']);
    expect(value({ a: [1, 2, 3] }, '$.a[0, -1, 7]')).toEqual([1, 3]);
  });

  it('reads recursive descent in document order', () => {
    expect(value(store, '$..author')).toEqual(['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']);
    expect(value(store, '$.store..price')).toEqual([8.95, 12.99, 8.99, 22.99, 19.95]);
    expect(value(store, '$..book[2].title')).toEqual(['Moby Dick']);
  });

  it('filters with comparisons, existence, logic, in and regex', () => {
    expect(value(store, '$.store.book[?(@.price < 10)].title')).toEqual(['Sayings of the Century', 'Moby Dick']);
    expect(value(store, '$..book[?(@.isbn)].title')).toEqual(['Moby Dick', 'The Lord of the Rings']);
    expect(value(store, '$..book[?(!@.isbn)].title')).toEqual(['Sayings of the Century', 'Sword of Honour']);
    expect(value(store, "$.store.book[?(@.category == 'fiction' && @.price > 20)].title")).toEqual(['The Lord of the Rings']);
    expect(value(store, "$.store.book[?(@.price > 20 || @.category == 'reference')].title")).toEqual([
      'Sayings of the Century',
      'The Lord of the Rings',
    ]);
    expect(value(store, "$.store.book[?(@.category in ['reference'])].author")).toEqual(['Nigel Rees']);
    expect(value(store, "$.store.book[?(@.category nin ['fiction'])].author")).toEqual(['Nigel Rees']);
    expect(value(store, '$..book[?(@.price <= $.expensive)].title')).toEqual(['Sayings of the Century', 'Moby Dick']);
    expect(value(store, '$..book[?(@.author =~ /.*rees/i)].title')).toEqual(['Sayings of the Century']);
    expect(value(store, '$..book[?(@.title size 9)].title')).toEqual(['Moby Dick']);
  });

  it('treats a missing operand as unequal', () => {
    expect(value(store, "$.store.book[?(@.isbn != '0-553-21311-3')].title")).toEqual([
      'Sayings of the Century',
      'Sword of Honour',
      'The Lord of the Rings',
    ]);
  });

  it('filters a plain array with @', () => {
    expect(value({ n: [1, 5, 2, 8] }, '$.n[?(@ > 2)]')).toEqual([5, 8]);
  });

  it('gives an empty list when nothing matches (base/test_json_path_array_wildcard_or_slice_with_no_input__*)', () => {
    for (const path of ['$[*]', '$.items[*]', '$.item.items[*]', '$.items[1:]', '$.items[:1]', '$.item.items[1:5]', '$.items[*].itemValue', '$.items[1:].itemValue']) {
      expect(readPath({}, path)).toEqual({ found: true, value: [] });
    }
  });

  it('classifies definite and indefinite paths', () => {
    expect(isDefinitePath('$.a.b[0]')).toBe(true);
    expect(isDefinitePath('$$.Execution.Input')).toBe(true);
    for (const p of ['$.a[*]', '$.a.*', '$..a', '$.a[0,1]', '$.a[1:]', '$.a[?(@.x)]']) expect(isDefinitePath(p)).toBe(false);
  });
});

describe('readPathWithContext', () => {
  const context = { Execution: { Name: 'exec-1', Input: { x: 1 } } };

  it('reads $$ paths from the Context object and $ paths from the input', () => {
    expect(readPathWithContext({ x: 2 }, context, '$$.Execution.Name')).toEqual({ found: true, value: 'exec-1' });
    expect(readPathWithContext({ x: 2 }, context, '$$.Execution.Input.x')).toEqual({ found: true, value: 1 });
    expect(readPathWithContext({ x: 2 }, context, '$.x')).toEqual({ found: true, value: 2 });
    expect(readPathWithContext({ x: 2 }, context, '$$')).toEqual({ found: true, value: context });
  });

  it('reports a missing Context field', () => {
    expect(readPathWithContext({}, context, '$$.Execution.Input.no_such_jsonpath').found).toBe(false);
  });
});

describe('setAtReferencePath', () => {
  it('replaces the whole document with $', () => {
    expect(setAtReferencePath({ a: 1 }, '$', 'result')).toBe('result');
  });

  it('adds the value and creates intermediate objects', () => {
    expect(setAtReferencePath({ a: 1 }, '$.b.c', 5)).toEqual({ a: 1, b: { c: 5 } });
    expect(setAtReferencePath({ a: 1 }, "$['x y']", true)).toEqual({ a: 1, 'x y': true });
  });

  it('overwrites an existing field and an existing array item', () => {
    expect(setAtReferencePath({ a: { b: 1, c: 2 } }, '$.a.b', 9)).toEqual({ a: { b: 9, c: 2 } });
    expect(setAtReferencePath({ a: [1, 2, 3] }, '$.a[1]', 9)).toEqual({ a: [1, 9, 3] });
  });

  it('copies only along the path and never mutates the input', () => {
    const input = { a: { b: 1 }, other: { deep: [1, 2] } };
    const snapshot = JSON.parse(JSON.stringify(input));
    const out = setAtReferencePath(input, '$.a.c', 2) as typeof input & { a: { c: number } };
    expect(input).toEqual(snapshot);
    expect(out.other).toBe(input.other);
    expect(out.a).not.toBe(input.a);
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object', () => {
    let error: unknown;
    try {
      setAtReferencePath('text', '$.x', 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StatesError);
    expect((error as StatesError).error).toBe('States.ResultPathMatchFailure');
    expect((error as StatesError).causeText).toBe('Unable to apply ReferencePath $.x to input "text"');
  });

  it('fails when an array index does not exist', () => {
    expect(() => setAtReferencePath({ a: [] }, '$.a[0]', 1)).toThrow(StatesError);
  });

  it('refuses paths that are not reference paths', () => {
    expect(() => setAtReferencePath({}, '$.a[*]', 1)).toThrow(StatesError);
  });
});

describe('readPathInEnv and compilePathReader', () => {
  const context: Json = { Execution: { Name: 'exec' } };
  const paths = ['$', '$.store.book[0].author', '$.store.book[*].price', '$..author', '$.store.nope', '$.store.bicycle.color.x', '$[', '$$.Execution.Name', '$$.Nope'];

  it('read what readPathWithContext reads, for input and Context paths, found or not', () => {
    for (const path of paths) {
      const expected = readPathWithContext(store, context, path);
      expect(readPathInEnv(store, { context }, path)).toEqual(expected);
      expect(compilePathReader(path)(store, { context })).toEqual(expected);
    }
  });

  it('touch the Context object only for $$ paths', () => {
    let reads = 0;
    const env = {
      get context(): Json {
        reads++;
        return context;
      },
    };
    readPathInEnv(store, env, '$.store.bicycle');
    compilePathReader('$.store.bicycle')(store, env);
    expect(reads).toBe(0);
    expect(compilePathReader('$$.Execution.Name')(store, env)).toEqual({ found: true, value: 'exec' });
    expect(reads).toBe(1);
  });
});
