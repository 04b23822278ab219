import { Packer } from 'docx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unzipBuffer } from '../../export/zip_reader';
import { documentA4, para } from '../notices/docx_parts';
import { normaliseDocx, stableDocx } from './docx_normalise';

const stamp = new Date('2026-12-01T00:00:00Z');
const word = () => documentA4([para('行政检查通知书')], { title: '通知书' });

afterEach(() => { vi.useRealTimers(); });

describe('byte-stable .docx', () => {
  it('packs the same document to the same bytes at different times, with the stamp as its time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T01:00:00Z'));
    const a = await stableDocx(word(), stamp);
    vi.setSystemTime(new Date('2027-03-01T09:30:00Z'));
    const b = await stableDocx(word(), stamp);
    expect(a.equals(b)).toBe(true);
    const parts = await unzipBuffer(a);
    expect(parts.get('word/document.xml')?.toString()).toContain('行政检查通知书');
    expect(parts.get('docProps/core.xml')?.toString()).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-12-01T00:00:00Z</dcterms:created>');
    expect([...parts.keys()]).toContain('[Content_Types].xml');
  });

  it('re-packs a library-packed file to the same bytes whenever it was packed (the fallback)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T01:00:00Z'));
    const first = await Packer.toBuffer(word());
    vi.setSystemTime(new Date('2027-03-01T09:30:00Z'));
    const second = await Packer.toBuffer(word());
    expect(first.equals(second)).toBe(false);
    const [a, b] = [await normaliseDocx(first, stamp), await normaliseDocx(second, stamp)];
    expect(a.equals(b)).toBe(true);
    expect((await unzipBuffer(a)).get('word/document.xml')?.equals((await unzipBuffer(first)).get('word/document.xml') ?? Buffer.alloc(0))).toBe(true);
  });
});
