/**
 * A generated .docx made byte-stable for the archive: the docx library stamps the creation time into
 * docProps/core.xml and its zip stamps every part with the current time, so the same notice would hash differently
 * on every export. The parts are re-packed with the archive's zip writer (fixed times, the same order) and the two
 * timestamps set to `stamp` — the moment the document stands for (the notice's issue, the task's start).
 */
import { unzipBuffer } from '../../export/zip_reader';
import { zipToBuffer } from '../../export/zip_writer';

const CORE_TIME = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

export async function normaliseDocx(docx: Buffer, stamp: Date): Promise<Buffer> {
  const parts = await unzipBuffer(docx);
  const time = `${stamp.toISOString().slice(0, 19)}Z`;
  return zipToBuffer([...parts].map(([path, data]) => ({
    path,
    data: path === 'docProps/core.xml' ? Buffer.from(data.toString('utf8').replace(CORE_TIME, `$1${time}$2`), 'utf8') : data,
    compress: true,
  })));
}
