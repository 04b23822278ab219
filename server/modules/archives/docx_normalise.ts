/**
 * A generated .docx made byte-stable for the archive: the docx library stamps the creation time into
 * docProps/core.xml and its zip stamps every part with the current time, so the same notice would hash differently
 * on every export. The parts are re-packed with the archive's zip writer (fixed times, the same order) and the two
 * timestamps set to `stamp` — the moment the document stands for (the notice's issue, the task's start). Parts other
 * than core.xml are copied compressed as they are (their deflate output is already deterministic), so this costs
 * little more than a copy.
 */
import { bufferSource, readDirectory, readEntry, readRawEntry } from '../../export/zip_reader';
import { zipToBuffer, type ZipEntry } from '../../export/zip_writer';

const CORE = 'docProps/core.xml';
const CORE_TIME = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

export async function normaliseDocx(docx: Buffer, stamp: Date): Promise<Buffer> {
  const source = bufferSource(docx);
  const time = `${stamp.toISOString().slice(0, 19)}Z`;
  const parts: ZipEntry[] = [];
  for (const entry of (await readDirectory(source)).entries) {
    if (entry.path === CORE) {
      const xml = (await readEntry(source, entry)).toString('utf8').replace(CORE_TIME, `$1${time}$2`);
      parts.push({ path: entry.path, data: Buffer.from(xml, 'utf8'), compress: true });
    } else {
      parts.push({ path: entry.path, data: await readRawEntry(source, entry), compress: false, raw: { method: entry.method, crc: entry.crc, size: entry.size } });
    }
  }
  return zipToBuffer(parts);
}
