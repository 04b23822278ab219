import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test/harness';
import { textArrayLiteral } from './text_array';

describe('textArrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes only', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral(['鑫源', 'ab'])).toBe('{"鑫源","ab"}');
    expect(textArrayLiteral(['a"', '\\b', ',', '{}'])).toBe('{"a\\"","\\\\b",",","{}"}');
  });

  it('reads back as the same text[] in the database, whatever the names hold', async () => {
    const server = await startTestServer();
    try {
      const values = ['长春"鑫', '源\\号', 'a,b', '{x}', 'NULL', ' ', ''];
      const result: unknown = await server.db.execute(sql`select ${textArrayLiteral(values)}::text[] as v`);
      expect((result as { rows: { v: string[] }[] }).rows[0]?.v).toEqual(values);
    } finally {
      await server.close();
    }
  });
});
