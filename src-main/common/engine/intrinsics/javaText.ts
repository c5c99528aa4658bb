import type { Json } from '../../json';

/**
 * How Step Functions' Java runtime turns values into text, where intrinsics expose it.
 * States.Format inserts each argument with Java's `toString()` of the parsed value: strings as they
 * are, objects as `{key=value, ...}` (java.util.Map) and arrays as `[a, b]` (java.util.List)
 * (conformance cases intrinsic_functions/test_format_2__7: `{Arg1=1, Arg2=[]}`, and
 * test_context_json_path__0: `{Id=arn:..., Name=...}`).
 */

/** Java's `String.valueOf` of a parsed JSON value, as States.Format inserts it. */
export function toJavaString(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatJavaNumber(value);
  if (Array.isArray(value)) return `[${value.map(toJavaString).join(', ')}]`;
  return `{${Object.keys(value)
    .map((k) => `${k}=${toJavaString(value[k])}`)
    .join(', ')}}`;
}

/**
 * A number as Java prints it: integral values as integers (JSON integers parse to Integer/Long),
 * other values with `Double.toString` rules — plain decimal for 10^-3 ≤ |x| < 10^7, otherwise
 * `d.dddE±n`. JavaScript keeps no trace of a `1.0` written in the input, so such values print as `1`.
 */
export function formatJavaNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e21) return String(n);
    return BigInt(n).toString();
  }
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  // Scientific notation with Java's shape: at least one digit after the point, no '+' in the exponent.
  const [mantissa, exp] = n.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exp)}`;
}

/**
 * Compact JSON text as Step Functions writes it (States.JsonToString): like JSON.stringify, but
 * numbers follow Java's printing for values JavaScript would write in exponent form.
 */
export function toJsonTextJava(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number': {
      const text = JSON.stringify(value);
      return text.includes('e') ? formatJavaNumber(value) : text;
    }
    default:
      if (Array.isArray(value)) return `[${value.map(toJsonTextJava).join(',')}]`;
      return `{${Object.keys(value)
        .map((k) => `${JSON.stringify(k)}:${toJsonTextJava(value[k])}`)
        .join(',')}}`;
  }
}
