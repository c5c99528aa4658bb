import type { Json, JsonObject } from '../../json';
import { isJsonObject } from '../../json';
import { jsonTextDepth, MAX_JSON_DEPTH } from '../../jsonLimits';
import { CSV_DELIMITERS, CsvItemsError, csvItems, parseCsv, type CsvHeaderLocation } from './csv';
import { etagOf, type ObjectStore } from './objectStore';
import { utf8Encode } from '../intrinsics/bytes';

/**
 * A Distributed Map's ItemReader (Developer Guide, "ItemReader (Map)"), served from an
 * in-memory ObjectStore: `s3:getObject` of a JSON, JSON Lines or CSV file, and `s3:listObjectsV2`
 * of a bucket. The caller evaluates `Parameters`/`Arguments` and `MaxItems(Path)` first (those
 * failures are the state's own States.Runtime); what fails here fails the Map Run with
 * States.ItemReaderFailed.
 */

/** Why an ItemReader could not read its items: the Map Run fails with States.ItemReaderFailed and this cause. */
export class ItemReaderError extends Error {}

/** What the reader needs, already evaluated. */
export interface ItemReaderRequest {
  /** The ItemReader's Resource ARN. */
  resource: string;
  /** `ReaderConfig`, as written (its MaxItems is passed separately, resolved). */
  readerConfig: JsonObject | undefined;
  /** The evaluated Parameters/Arguments (`Bucket`, `Key`, `Prefix`, ...). */
  parameters: Json;
  /** The resolved MaxItems (undefined or 0: no limit). */
  maxItems: number | undefined;
}

/** Reads the items an ItemReader names. Throws ItemReaderError (a Map Run failure) on bad data. */
export function readItems(request: ItemReaderRequest, store: ObjectStore): Json[] {
  const { maxItems } = request;
  // MaxItems 0 reads everything (conformance: scenarios/test_map_item_reader_csv_max_items__0);
  // a negative one is refused by the Map Run, not the state (…_max_items_paths__1-7984b0).
  if (maxItems !== undefined && maxItems < 0) throw new ItemReaderError('field MaxItems must be positive');
  const items = readAll(request, store);
  return maxItems !== undefined && maxItems > 0 && items.length > maxItems ? items.slice(0, maxItems) : items;
}

function readAll(request: ItemReaderRequest, store: ObjectStore): Json[] {
  const params = isJsonObject(request.parameters) ? request.parameters : {};
  const action = serviceAction(request.resource);
  const bucket = typeof params.Bucket === 'string' ? params.Bucket : undefined;
  if (bucket === undefined) throw new ItemReaderError(`The ItemReader's parameters must name a Bucket.`);
  if (action === 's3:listObjectsV2') {
    const prefix = typeof params.Prefix === 'string' ? params.Prefix : '';
    return store.list(bucket, prefix).map((o) => ({
      Etag: etagOf(o.body),
      LastModified: new Date(o.lastModified).toISOString(),
      Key: o.key,
      Size: utf8Encode(o.body).length,
      StorageClass: 'STANDARD',
    }));
  }
  if (action !== 's3:getObject') {
    throw new ItemReaderError(`Stepscope cannot read items from resource '${request.resource}': use s3:getObject or s3:listObjectsV2.`);
  }
  const key = typeof params.Key === 'string' ? params.Key : undefined;
  if (key === undefined) throw new ItemReaderError(`The ItemReader's parameters must name a Key.`);
  const object = getObject(store, bucket, key);
  const config = request.readerConfig ?? {};
  const inputType = typeof config.InputType === 'string' ? config.InputType : 'JSON';
  switch (inputType) {
    case 'MANIFEST':
      return manifestItems(object.body, store);
    case 'JSON':
      return jsonItems(object.body, typeof config.ItemsPointer === 'string' ? config.ItemsPointer : undefined);
    case 'JSONL':
      return jsonLinesItems(object.body);
    case 'CSV': {
      const delimiterName = typeof config.CSVDelimiter === 'string' ? config.CSVDelimiter : 'COMMA';
      const delimiter = CSV_DELIMITERS[delimiterName] ?? ',';
      const location: CsvHeaderLocation = config.CSVHeaderLocation === 'GIVEN' ? 'GIVEN' : 'FIRST_ROW';
      const headers = Array.isArray(config.CSVHeaders) ? config.CSVHeaders.map((h) => String(h)) : undefined;
      try {
        return csvItems(parseCsv(object.body, delimiter), location, headers);
      } catch (err) {
        if (err instanceof CsvItemsError) throw new ItemReaderError(err.message);
        throw err;
      }
    }
    default:
      throw new ItemReaderError(`Stepscope cannot read items of InputType '${inputType}'.`);
  }
}

/**
 * The object at bucket/key, or S3's NoSuchKey as the Map Run's cause; when the store reads a
 * local folder, the cause also says where the object was looked for.
 */
function getObject(store: ObjectStore, bucket: string, key: string) {
  const object = store.get(bucket, key);
  if (object) return object;
  const where = store.locate !== undefined ? ` (Stepscope looked for it at ${store.locate(bucket, key)})` : '';
  throw new ItemReaderError(`The specified key does not exist. (Service: S3, Status Code: 404, Error Code: NoSuchKey) Bucket: ${bucket}, Key: ${key}${where}`);
}

/**
 * An S3 Inventory report (`InputType: MANIFEST`): its manifest.json names the data files (CSV,
 * in the destination bucket) and their columns (`fileSchema`); each row is one item, its values
 * as strings under the schema's column names (Bucket, Key, Size, ...). S3 writes the data files
 * gzipped: a host's local folder gives them as text (see ObjectSource).
 */
function manifestItems(body: string, store: ObjectStore): Json[] {
  let manifest: Json;
  try {
    manifest = JSON.parse(body) as Json;
  } catch {
    throw new ItemReaderError('The manifest file could not be parsed as JSON.');
  }
  if (!isJsonObject(manifest) || !Array.isArray(manifest.files) || typeof manifest.fileSchema !== 'string') {
    throw new ItemReaderError('The manifest file must be an S3 Inventory manifest.json, with fileSchema and files.');
  }
  if (manifest.fileFormat !== undefined && manifest.fileFormat !== 'CSV') {
    throw new ItemReaderError(`Stepscope reads S3 Inventory reports in CSV format, not ${String(manifest.fileFormat)}.`);
  }
  const columns = manifest.fileSchema.split(',').map((c) => c.trim());
  const destination = typeof manifest.destinationBucket === 'string' ? manifest.destinationBucket.replace(/^arn:aws:s3:::/, '') : '';
  const items: Json[] = [];
  for (const file of manifest.files) {
    if (!isJsonObject(file) || typeof file.key !== 'string') throw new ItemReaderError('Each file of the manifest must have a key.');
    const data = getObject(store, destination, file.key);
    for (const row of parseCsv(data.body, ',')) {
      if (row.length === 1 && row[0] === '') continue;
      const item: JsonObject = {};
      columns.forEach((column, i) => {
        item[column] = row[i] ?? '';
      });
      items.push(item);
    }
  }
  return items;
}

/** `s3:getObject` from `arn:aws:states:::s3:getObject`. */
function serviceAction(resource: string): string {
  const parts = resource.split(':');
  return parts.length >= 7 ? `${parts[5]}:${parts.slice(6).join(':')}` : resource;
}

function jsonItems(body: string, itemsPointer: string | undefined): Json[] {
  let doc: Json;
  try {
    doc = JSON.parse(body) as Json;
  } catch {
    throw new ItemReaderError('The file could not be parsed as JSON.');
  }
  // An item is a child execution's input: one nested deeper than MAX_JSON_DEPTH could not be
  // serialised (common/jsonLimits.ts; the list itself adds a level). Wording is Stepscope's.
  if (body.length > 2 * MAX_JSON_DEPTH && jsonTextDepth(body) > MAX_JSON_DEPTH + 1) throw tooDeep();
  if (itemsPointer !== undefined) doc = atPointer(doc, itemsPointer);
  // AWS's wording (conformance: scenarios/test_map_item_reader_json_no_json_list_object).
  if (!Array.isArray(doc)) throw new ItemReaderError('Attempting to map over non-iterable node.');
  return doc;
}

function tooDeep(): ItemReaderError {
  return new ItemReaderError(`The file holds an item nested more than ${MAX_JSON_DEPTH} levels deep.`);
}

function atPointer(doc: Json, pointer: string): Json {
  if (pointer === '') return doc;
  let cur: Json = doc;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(token) && Number(token) < cur.length) cur = cur[Number(token)];
    else if (isJsonObject(cur) && Object.prototype.hasOwnProperty.call(cur, token)) cur = cur[token];
    else throw new ItemReaderError(`The ItemsPointer '${pointer}' does not point to a value in the file.`);
  }
  return cur;
}

function jsonLinesItems(body: string): Json[] {
  const items: Json[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line) as Json);
    } catch {
      throw new ItemReaderError(`Line ${i + 1} of the file could not be parsed as JSON.`);
    }
    if (line.length > 2 * MAX_JSON_DEPTH && jsonTextDepth(line) > MAX_JSON_DEPTH) throw tooDeep();
  }
  return items;
}
