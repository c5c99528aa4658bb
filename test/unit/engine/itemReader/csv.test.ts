import { describe, expect, it } from 'vitest';
import { CsvItemsError, csvItems, parseCsv } from '../../../../src-main/common/engine/itemReader/csv';
import { createObjectStore } from '../../../../src-main/common/engine/itemReader/objectStore';
import { ItemReaderError, readItems } from '../../../../src-main/common/engine/itemReader/readItems';

describe('parseCsv', () => {
  it('splits records on \\n, \\r\\n and \\r, with no record after the final line break', () => {
    expect(parseCsv('a,b\r\nc,d\re,f\n')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
  });

  it('keeps empty fields, a line of spaces and single quotes as they are', () => {
    expect(parseCsv(",,,\n   \n'x',y\n")).toEqual([['', '', '', ''], ['   '], ["'x'", 'y']]);
  });

  it('reads quoted fields with delimiters, line breaks and doubled quotes inside', () => {
    expect(parseCsv('"a,b","line\nbreak","say ""hi"""\n')).toEqual([['a,b', 'line\nbreak', 'say "hi"']]);
  });

  it('treats a quote inside an unquoted field as an ordinary character', () => {
    expect(parseCsv('ab"c,d\n')).toEqual([['ab"c', 'd']]);
  });

  it('skips completely empty lines', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], ['b']]);
  });

  it('uses another delimiter when asked', () => {
    expect(parseCsv('a|b\n', '|')).toEqual([['a', 'b']]);
  });
});

describe('csvItems', () => {
  it('pads short records with "" and drops fields past the last header (scenarios/test_map_item_reader_base_csv_headers_decl)', () => {
    const rows = parseCsv('Value1,Value2,Value3\n,,,\nNull,None,\n   \n');
    expect(csvItems(rows, 'GIVEN', ['H1', 'H2', 'H3'])).toEqual([
      { H1: 'Value1', H2: 'Value2', H3: 'Value3' },
      { H1: '', H2: '', H3: '' },
      { H1: 'Null', H2: 'None', H3: '' },
      { H1: '   ', H2: '', H3: '' },
    ]);
  });

  it('takes the headers from the first row, an empty header included (test_map_item_reader_csv_first_row_extra_fields)', () => {
    expect(csvItems(parseCsv('H1,\nValue4,Value5,Value6\n'), 'FIRST_ROW')).toEqual([{ H1: 'Value4', '': 'Value5' }]);
  });

  it('refuses duplicate headers with AWS cause text', () => {
    expect(() => csvItems([['a']], 'GIVEN', ['H1', 'H1'])).toThrow(new CsvItemsError('CSV headers cannot contain duplicates.'));
  });

  it('gives no items for an empty file with headers in the first row', () => {
    expect(csvItems([], 'FIRST_ROW')).toEqual([]);
  });
});

describe('readItems', () => {
  const store = createObjectStore([
    { Bucket: 'b', Key: 'f.csv', Body: 'Col1,Col2\n1,2\n3,4\n5,6\n' },
    { Bucket: 'b', Key: 'f.json', Body: '{"Hello":"world"}' },
    { Bucket: 'b', Key: 'f.jsonl', Body: '{"a":1}\n\n{"a":2}\n' },
  ]);
  const csv = (maxItems?: number) =>
    readItems(
      { resource: 'arn:aws:states:::s3:getObject', readerConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, parameters: { Bucket: 'b', Key: 'f.csv' }, maxItems },
      store,
    );

  it('limits to MaxItems, where 0 means no limit', () => {
    expect(csv(2)).toHaveLength(2);
    expect(csv(0)).toHaveLength(3);
  });

  it('refuses a negative MaxItems with AWS cause text', () => {
    expect(() => csv(-1)).toThrow(new ItemReaderError('field MaxItems must be positive'));
  });

  it('refuses a JSON file that is not an array (test_map_item_reader_json_no_json_list_object)', () => {
    expect(() =>
      readItems({ resource: 'arn:aws:states:::s3:getObject', readerConfig: { InputType: 'JSON' }, parameters: { Bucket: 'b', Key: 'f.json' }, maxItems: undefined }, store),
    ).toThrow(new ItemReaderError('Attempting to map over non-iterable node.'));
  });

  it('reads JSON Lines, skipping blank lines', () => {
    expect(
      readItems({ resource: 'arn:aws:states:::s3:getObject', readerConfig: { InputType: 'JSONL' }, parameters: { Bucket: 'b', Key: 'f.jsonl' }, maxItems: undefined }, store),
    ).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('lists a bucket in key order with S3 object metadata', () => {
    const items = readItems({ resource: 'arn:aws:states:::s3:listObjectsV2', readerConfig: undefined, parameters: { Bucket: 'b', Prefix: 'f.j' }, maxItems: undefined }, store);
    expect(items).toEqual([
      { Etag: expect.stringMatching(/^"[0-9a-f]{32}"$/), LastModified: '1970-01-01T00:00:00.000Z', Key: 'f.json', Size: 17, StorageClass: 'STANDARD' },
      { Etag: expect.stringMatching(/^"[0-9a-f]{32}"$/), LastModified: '1970-01-01T00:00:00.000Z', Key: 'f.jsonl', Size: 17, StorageClass: 'STANDARD' },
    ]);
  });
});
