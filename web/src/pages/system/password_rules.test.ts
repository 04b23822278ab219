import { describe, expect, test } from 'vitest';
import { generatePassword } from './password_rules';

describe('generatePassword', () => {
  test('12 characters, letters and digits, no look-alikes, and not repeating', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toMatch(/^[A-HJ-NP-Za-kmnp-z2-9]{12}$/);
      expect(password).toMatch(/[A-Za-z]/);
      expect(password).toMatch(/\d/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});
