import { describe, expect, it } from 'vitest';
import { detectAttachmentType } from './attachment_type';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('detectAttachmentType', () => {
  it('recognises photos, scans and recordings by their first bytes', () => {
    expect(detectAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.mime).toBe('image/jpeg');
    expect(detectAttachmentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))?.mime).toBe('image/png');
    expect(detectAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))?.mime).toBe('image/webp');
    expect(detectAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))?.mime).toBe('audio/wav');
    expect(detectAttachmentType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0]))?.mime).toBe('image/heic');
    expect(detectAttachmentType(bytes([0, 0, 0, 0x18], 'ftypM4A ', [0, 0]))?.mime).toBe('audio/mp4');
    expect(detectAttachmentType(bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0]))?.mime).toBe('video/mp4');
    expect(detectAttachmentType(bytes('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(detectAttachmentType(bytes('ID3', [4, 0, 0]))?.mime).toBe('audio/mpeg');
    expect(detectAttachmentType(bytes([0xff, 0xfb, 0x90, 0x64]))?.mime).toBe('audio/mpeg');
  });

  it('refuses anything else, whatever it is called: a Windows program, a ZIP, HTML, a short file', () => {
    expect(detectAttachmentType(bytes('MZ', [0x90, 0, 3, 0, 0, 0]))).toBeNull();
    expect(detectAttachmentType(bytes('PK', [3, 4, 20, 0]))).toBeNull();
    expect(detectAttachmentType(bytes('<html><body>'))).toBeNull();
    expect(detectAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'))).toBeNull();
    expect(detectAttachmentType(bytes([0xff, 0xd8]))).toBeNull();
  });
});
