import type { JsonObject } from '../../json';

/**
 * CSV as a Distributed Map's ItemReader reads it (Developer Guide, "ItemReader (Map)": CSV files).
 * Fields are separated by one delimiter character; a field may be quoted with `"`, inside which the
 * delimiter and line breaks are literal and `""` stands for one quote. Single quotes are ordinary
 * characters (conformance: scenarios/test_map_item_reader_base_csv_headers_decl keeps `'HelloWorld'`).
 * Records end at `\n`, `\r\n` or `\r`; the line break after the last record does not start a new
 * (empty) record, and completely empty lines are skipped. A line of spaces is a record whose
 * first field is the spaces (same case).
 */

/** The delimiters `ReaderConfig.CSVDelimiter` names (Developer Guide, "ReaderConfig"). */
export const CSV_DELIMITERS: Readonly<Record<string, string>> = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
};

/** Splits CSV text into records of fields. Never throws: an unterminated quote runs to the end. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  // True once the current record has any content (a field separator, a character or a quote).
  let started = false;
  const endRecord = () => {
    if (started) {
      row.push(field);
      rows.push(row);
    }
    row = [];
    field = '';
    started = false;
  };
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '' && !fieldHasContent(text, i, delimiter)) {
      // A quoted field: read to the closing quote.
      started = true;
      i++;
      for (;;) {
        if (i >= n) break;
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += q;
        i++;
      }
      continue;
    }
    if (c === delimiter) {
      started = true;
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    started = true;
    field += c;
    i++;
  }
  endRecord();
  return rows;
}

/** True when position `i` is not at the start of a field (a quote there is an ordinary character). */
function fieldHasContent(text: string, i: number, delimiter: string): boolean {
  if (i === 0) return false;
  const prev = text[i - 1];
  return !(prev === delimiter || prev === '\n' || prev === '\r');
}

/** How the header row is found: `FIRST_ROW` of the file, or `GIVEN` in `CSVHeaders`. */
export type CsvHeaderLocation = 'FIRST_ROW' | 'GIVEN';

/** A CSV ItemReader failure: the Map Run fails with States.ItemReaderFailed and this cause. */
export class CsvItemsError extends Error {}

/**
 * The items of a CSV file: one object per record, keyed by header, every value a string. A
 * record with fewer fields than headers gets `""` for the missing ones; fields past the last
 * header are dropped (conformance: scenarios/test_map_item_reader_csv_headers_decl_extra_fields,
 * test_map_item_reader_csv_first_row_extra_fields). Duplicate headers fail the read with AWS's
 * cause "CSV headers cannot contain duplicates." (test_map_item_reader_csv_headers_decl_duplicate_headers).
 */
export function csvItems(rows: readonly string[][], location: CsvHeaderLocation, given?: readonly string[]): JsonObject[] {
  let headers: readonly string[];
  let first = 0;
  if (location === 'GIVEN') {
    headers = given ?? [];
  } else {
    if (rows.length === 0) return [];
    headers = rows[0];
    first = 1;
  }
  if (new Set(headers).size !== headers.length) throw new CsvItemsError('CSV headers cannot contain duplicates.');
  const items: JsonObject[] = [];
  for (let r = first; r < rows.length; r++) {
    const row = rows[r];
    const item: JsonObject = {};
    for (let h = 0; h < headers.length; h++) item[headers[h]] = h < row.length ? row[h] : '';
    items.push(item);
  }
  return items;
}
