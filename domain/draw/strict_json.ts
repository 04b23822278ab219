/**
 * JSON with one reading only (docs/draw-protocol.md §18.1 step 1): `JSON.parse` keeps the last of two
 * equal keys, other parsers keep the first, so a receipt with a duplicate key could verify as one
 * thing and be displayed as another. This scanner runs after a successful `JSON.parse` (so the text
 * is valid JSON) and finds the first object with a repeated key, compared after unescaping.
 */

/** Returns the path of the first duplicate key (e.g. `commitment.taskId`), or undefined. */
export function findDuplicateKey(text: string): string | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): string | undefined => {
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text.charAt(i) === '}') {
        i++;
        return undefined;
      }
      for (;;) {
        ws();
        const key = str();
        const p = path === '' ? key : `${path}.${key}`;
        if (seen.has(key)) return p;
        seen.add(key);
        ws();
        i++; // ':'
        const d = value(p);
        if (d !== undefined) return d;
        ws();
        if (text.charAt(i++) === '}') return undefined;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text.charAt(i) === ']') {
        i++;
        return undefined;
      }
      for (let n = 0; ; n++) {
        const d = value(`${path}[${n}]`);
        if (d !== undefined) return d;
        ws();
        if (text.charAt(i++) === ']') return undefined;
      }
    }
    if (c === '"') {
      str();
      return undefined;
    }
    while (i < text.length && !',]} \t\n\r'.includes(text.charAt(i))) i++;
    return undefined;
  };
  return value('');
}
