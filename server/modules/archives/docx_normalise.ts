/**
 * Generated .docx files made byte-stable for the archive: the docx library stamps the creation time into
 * docProps/core.xml and its zip stamps every part with the current time, so the same notice would hash differently
 * on every export. The packed file is re-packed with the archive's zip writer (fixed times, the same part order), the
 * two timestamps set to `stamp` — the moment the document stands for (the notice's issue, the task's start). Parts
 * other than core.xml are copied compressed as they are (the library's deflate output depends only on the content),
 * so this costs little more than a copy. (Packing the library's compiled parts directly was measured: no faster once
 * warm, and it would rely on an internal of the library.)
 */
import { Packer, type Document } from 'docx';
import { bufferSource, readDirectory, readEntry, readRawEntry } from '../../export/zip_reader';
import { zipToBuffer, type ZipEntry } from '../../export/zip_writer';

const CORE = 'docProps/core.xml';
const CORE_TIME = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

const stampCore = (xml: string, stamp: Date) => xml.replace(CORE_TIME, `$1${stamp.toISOString().slice(0, 19)}Z$2`);

/** The document as a .docx whose bytes depend only on its content and `stamp`. */
export async function stableDocx(document: Document, stamp: Date): Promise<Buffer> {
  return normaliseDocx(await Packer.toBuffer(document), stamp);
}

/** A packed .docx re-packed with fixed times; parts other than core.xml are copied compressed as they are. */
export async function normaliseDocx(docx: Buffer, stamp: Date): Promise<Buffer> {
  const source = bufferSource(docx);
  const parts: ZipEntry[] = [];
  for (const entry of (await readDirectory(source)).entries) {
    if (entry.path === CORE) {
      parts.push({ path: entry.path, data: Buffer.from(stampCore((await readEntry(source, entry)).toString('utf8'), stamp), 'utf8'), compress: true });
    } else {
      parts.push({ path: entry.path, data: await readRawEntry(source, entry), compress: false, raw: { method: entry.method, crc: entry.crc, size: entry.size } });
    }
  }
  return zipToBuffer(parts);
}
