import type { FormRule } from 'antd';

/** The server's password rule (server/modules/auth/password.ts), checked before sending. */
export const PASSWORD_RULES: FormRule[] = [
  { required: true, message: '请输入密码' },
  { min: 8, max: 64, message: '密码长度应为 8–64 位' },
  { pattern: /^(?=.*[A-Za-z])(?=.*\d).*$/, message: '密码须同时包含字母和数字' },
];

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;

/** A uniform index below `n` from the browser's CSPRNG (rejection sampling, no modulo bias). */
function randomIndex(n: number): number {
  const limit = Math.floor(256 / n) * n;
  const byte = new Uint8Array(1);
  for (;;) {
    crypto.getRandomValues(byte);
    const value = byte[0] ?? 255;
    if (value < limit) return value % n;
  }
}

function pick(chars: string): string {
  return chars.charAt(randomIndex(chars.length));
}

/** A 12-character initial password with letters and digits, without look-alikes (0/O, 1/l/I). */
export function generatePassword(): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < 12; i++) password += pick(ALPHABET);
    if (/[A-Za-z]/.test(password) && /\d/.test(password)) return password;
  }
}
