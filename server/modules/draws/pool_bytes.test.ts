import { describe, expect, it } from 'vitest';
import { packPool, type PackedPool } from '../../../domain/draw/pool';
import { formatPoolCsv, parsePoolCsv } from '../../../domain/draw/pool_file';
import { writeUscc } from '../../../bench/draw_pool_data';
import { PackedPoolBuilder, parsePoolChunks, poolFileChunk } from './pool_bytes';

const USCC = [0, 1, 2, 3].map((i) => {
  const b = Buffer.alloc(18);
  writeUscc(i < 2 ? '220102' : '220104', i, b, 0);
  return b.toString('latin1');
});
const KEYS = ['unrated', 'A', 'B', '高风险'];

function entries(n: number, salted = true): { id: string; stratum: string; salt: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i < USCC.length ? (USCC[i] as string) : `ID-${String(i * 7919 % 100_003).padStart(6, '0')}${i % 5 === 0 ? '甲' : ''}`,
    stratum: KEYS[i % KEYS.length] as string,
    salt: salted ? Array.from({ length: 16 }, (_, b) => ((i * 31 + b * 17) & 0xff).toString(16).padStart(2, '0')).join('') : '',
  }));
}

function packed(n: number, salted = true): PackedPool {
  const p = packPool(entries(n, salted), KEYS, salted ? 'salted' : 'unsalted');
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

function chunksOf(p: PackedPool, lines: number): Buffer[] {
  const out: Buffer[] = [];
  for (let s = 0; s === 0 || s < p.size; s += lines) out.push(poolFileChunk(p, s, Math.min(p.size, s + lines)));
  return out;
}

describe('pool file bytes', () => {
  it('writes exactly what formatPoolCsv writes, in any chunking', () => {
    for (const n of [0, 1, 5, 1000]) {
      for (const salted of [true, false]) {
        const p = packed(n, salted);
        const text = formatPoolCsv(entries(n, salted));
        for (const lines of [1, 7, 16_384]) expect(Buffer.concat(chunksOf(p, lines)).toString('utf8')).toBe(text);
      }
    }
  });

  it('parses chunks into what parsePoolCsv gives for the same text', () => {
    for (const n of [0, 1, 5, 1000]) {
      for (const salted of [true, false]) {
        const chunks = chunksOf(packed(n, salted), 7);
        const mode = salted ? 'salted' : 'unsalted';
        expect(parsePoolChunks(chunks, mode)).toEqual(parsePoolCsv(Buffer.concat(chunks).toString('utf8'), mode));
      }
    }
  });

  it('hands anything but the canonical file to parsePoolCsv (same values, same errors)', () => {
    const text = formatPoolCsv(entries(20));
    const lines = text.split('\n');
    const variants = [
      `\uFEFF${text}`,
      text.replace(/\n/g, '\r\n'),
      [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n'),
      text.replace(/,[0-9a-f]{32}\n/, ',00\n'),
      text.replace(/,[0-9a-f]{32}\n/, ',\n'),
      text.replace(/\n[^\n]*\n$/, '\nX,A,B,C\n'),
      `${text}${lines[1] as string}\n`,
      'id,stratum\n',
    ];
    for (const v of variants) expect(parsePoolChunks([Buffer.from(v, 'utf8')], 'salted')).toEqual(parsePoolCsv(v, 'salted'));
  });

  it('builds the packed arrays packPool builds from identifiers in byte order', () => {
    const p = packed(1000);
    const b = new PackedPoolBuilder();
    for (let i = 0; i < p.size; i++) {
      b.push(Buffer.from(p.idBytes.subarray(p.idOffsets[i], p.idOffsets[i + 1])).toString('utf8'), p.strata[i] as number);
      expect(b.lastIncreasing()).toBe(true);
    }
    expect(b.finish(p.keys, 'salted', p.salts)).toEqual(p);
    b.push('0', 0);
    expect(b.lastIncreasing()).toBe(false);
  });
});
