/**
 * The type of an attachment from its first bytes, never from its name (issue #10 item 3: an .exe named .jpg is
 * refused): JPEG, PNG, WebP, HEIC (phones' photos), PDF (signed form scans), MP4/M4A (recordings), MP3, WAV.
 */

export interface DetectedType {
  readonly mime: string;
  /** 'image' | 'document' | 'audio' | 'video'. */
  readonly family: 'image' | 'document' | 'audio' | 'video';
}

/** 10 MB per attachment (a phone photo is 2–5 MB; longer recordings go to the 执法记录仪 archive). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The bytes detection needs. */
export const SNIFF_BYTES = 16;

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
const starts = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'F4A ']);

export function detectAttachmentType(head: Uint8Array): DetectedType | null {
  if (head.length < 4) return null;
  if (starts(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', family: 'image' };
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', family: 'image' };
  if (ascii(head, 0, 5) === '%PDF-') return { mime: 'application/pdf', family: 'document' };
  if (ascii(head, 0, 4) === 'RIFF' && head.length >= 12) {
    const form = ascii(head, 8, 12);
    if (form === 'WEBP') return { mime: 'image/webp', family: 'image' };
    if (form === 'WAVE') return { mime: 'audio/wav', family: 'audio' };
    return null;
  }
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (HEIC_BRANDS.has(brand)) return { mime: 'image/heic', family: 'image' };
    if (AUDIO_BRANDS.has(brand)) return { mime: 'audio/mp4', family: 'audio' };
    return { mime: 'video/mp4', family: 'video' };
  }
  if (ascii(head, 0, 3) === 'ID3') return { mime: 'audio/mpeg', family: 'audio' };
  // An MPEG audio frame without a tag: 11 sync bits, layer III.
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xe6) === 0xe2) return { mime: 'audio/mpeg', family: 'audio' };
  return null;
}
