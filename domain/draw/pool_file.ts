/**
 * The pool file (名录库文件) a designated verifier receives (docs/draw-protocol.md §3.5):
 * UTF-8 text, optional BOM, LF or CRLF line ends, header `id,stratum,salt`, one entry per line, no
 * quoting (identifiers and keys cannot contain commas or quotes). Rows may come in any order; the
 * identifiers must already be canonical — the verifier reports, never repairs.
 */
import { ok, type Result } from '../basics/result';
import { compareUtf8, fromHex, utf8 } from './encoding';
import { drawError, type DrawError } from './errors';
import { SALT_BYTES, type PackedPool, type SaltMode } from './pool';

export const POOL_HEADER = 'id,stratum,salt';

/** `emptyMode` is the salt mode assumed when the file has no rows (take it from the commitment). */
export function parsePoolCsv(text: string, emptyMode: SaltMode = 'salted'): Result<PackedPool, DrawError> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = (lines[0] ?? '').replace(/\r$/, '');
  if (header !== POOL_HEADER) return drawError('POOL_MALFORMED', `名录库文件第 1 行应为“${POOL_HEADER}”，实际为“${header.slice(0, 60)}”`, 'pool:1');
  const n = lines.length - 1;
  const ids: string[] = new Array<string>(n);
  const strata: string[] = new Array<string>(n);
  const salts: string[] = new Array<string>(n);
  let saltMode: SaltMode | undefined;
  for (let r = 0; r < n; r++) {
    const line = (lines[r + 1] as string).replace(/\r$/, '');
    const fields = line.split(',');
    if (fields.length !== 3) return drawError('POOL_MALFORMED', `名录库文件第 ${r + 2} 行应有 3 个字段（标识,分层,盐值），实际 ${fields.length} 个`, `pool:${r + 2}`);
    const [id, stratum, salt] = fields as [string, string, string];
    const mode: SaltMode = salt === '' ? 'unsalted' : 'salted';
    if (saltMode === undefined) saltMode = mode;
    if (mode !== saltMode) return drawError('INVALID_SALT', `名录库文件第 ${r + 2} 行：盐值须全部为空或全部为 32 位十六进制`, `pool:${r + 2}`);
    if (mode === 'salted' && !fromHex(salt, SALT_BYTES)) return drawError('INVALID_SALT', `名录库文件第 ${r + 2} 行：盐值“${salt}”须为 32 个小写十六进制字符`, `pool:${r + 2}`);
    ids[r] = id;
    strata[r] = stratum;
    salts[r] = salt;
  }
  const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => compareUtf8(ids[a] as string, ids[b] as string));
  const keys = [...new Set(strata)].sort(compareUtf8);
  if (keys.length > 0xffff) return drawError('POOL_MALFORMED', `名录库文件的分层过多（${keys.length} 个）`, 'pool');
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const encoded = order.map((r) => utf8(ids[r] as string));
  const idBytes = new Uint8Array(encoded.reduce((t, b) => t + b.length, 0));
  const idOffsets = new Uint32Array(n + 1);
  const strataIdx = new Uint16Array(n);
  const mode = saltMode ?? emptyMode;
  const saltBytes = new Uint8Array(mode === 'salted' ? n * SALT_BYTES : 0);
  let off = 0;
  for (let j = 0; j < n; j++) {
    const r = order[j] as number;
    const b = encoded[j] as Uint8Array;
    idBytes.set(b, off);
    off += b.length;
    idOffsets[j + 1] = off;
    strataIdx[j] = keyIndex.get(strata[r] as string) as number;
    if (mode === 'salted') saltBytes.set(fromHex(salts[r] as string, SALT_BYTES) as Uint8Array, j * SALT_BYTES);
  }
  return ok({ size: n, idBytes, idOffsets, strata: strataIdx, keys, saltMode: mode, salts: saltBytes });
}

/** Writes a pool as a pool file (canonical order). */
export function formatPoolCsv(entries: readonly { readonly id: string; readonly stratum: string; readonly salt: string }[]): string {
  const rows = [...entries].sort((a, b) => compareUtf8(a.id, b.id)).map((e) => `${e.id},${e.stratum},${e.salt}`);
  return `${[POOL_HEADER, ...rows].join('\n')}\n`;
}
