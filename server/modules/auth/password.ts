import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax).
const ARGON2ID = 2;

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1; OWASP's minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Used when the account does not exist, so a wrong account costs as much time as a wrong password. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('suiji-dummy-password-for-timing');
  return dummyHash;
}

/** 密码规则: 8–64 characters with at least one letter and one digit, not the account itself. */
export function passwordProblem(password: string, account: string): string | null {
  if (password.length < 8 || password.length > 64) return '密码长度应为 8–64 位';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return '密码须同时包含字母和数字';
  if (password.toLowerCase() === account.toLowerCase()) return '密码不能与账号相同';
  return null;
}
