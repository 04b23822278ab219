const QUOTE_OR_BACKSLASH = /["\\]/;
const QUOTES_OR_BACKSLASHES = /["\\]/g;

/**
 * A PostgreSQL text-array literal ({"ab","bc"}), for rows that travel through unnest(…) or COPY: unnest flattens an
 * array of arrays, so each row's array goes as one literal and is cast back with ::text[].
 */
export function textArrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? '';
    out += `${i === 0 ? '' : ','}"${QUOTE_OR_BACKSLASH.test(v) ? v.replace(QUOTES_OR_BACKSLASHES, (c) => `\\${c}`) : v}"`;
  }
  return `${out}}`;
}
