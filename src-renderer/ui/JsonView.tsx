import type { Json } from '@common/json';

/** Props of `JsonView`. */
export interface JsonViewProps {
  value: Json | undefined;
  /** Accessible name of the block. */
  label: string;
  /** Lines shown before scrolling (default 14). */
  maxLines?: number;
}

/** A JSON value in a scrolling, labelled block: on one line when short, indented otherwise. */
export function JsonView({ value, label, maxLines = 14 }: JsonViewProps) {
  const compact = value === undefined ? '' : JSON.stringify(value);
  // Short values stay on one line; longer ones are indented.
  const text = compact.length <= 72 ? compact : JSON.stringify(value, null, 2);
  return (
    <pre className="json-view" aria-label={label} style={{ maxHeight: `${maxLines * 1.4 + 1}em` }}>
      {text}
    </pre>
  );
}
