/**
 * Generated .docx files made byte-stable for the archive: the docx library stamps the creation time into
 * docProps/core.xml and its zip stamps every part with the current time, so the same notice would hash differently
 * on every export. The document's parts are packed with the archive's zip writer instead (fixed times, the library's
 * part order, node:zlib — much faster than the library's own JavaScript deflate) and the two timestamps set to
 * `stamp`, the moment the document stands for (the notice's issue, the task's start).
 *
 * The parts come from the library's compiler (`Packer.compiler`, not in its typings). Should a later version move it,
 * the file is packed by the library and re-packed with the timestamps fixed (slower, the same guarantee).
 */
import { Packer, type Document } from 'docx';
import { bufferSource, readDirectory, readEntry, readRawEntry } from '../../export/zip_reader';
import { zipToBuffer, type ZipEntry } from '../../export/zip_writer';

const CORE = 'docProps/core.xml';
const CORE_TIME = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

interface DocxCompiler { compile(document: Document): Map<string, string | Uint8Array> }

function compilerOf(): DocxCompiler | null {
  const compiler = (Packer as unknown as { compiler?: { compile?: unknown } }).compiler;
  return compiler && typeof compiler.compile === 'function' ? compiler as DocxCompiler : null;
}

const stampCore = (xml: string, stamp: Date) => xml.replace(CORE_TIME, `$1${stamp.toISOString().slice(0, 19)}Z$2`);

/** The document as a .docx whose bytes depend only on its content and `stamp`. */
export async function stableDocx(document: Document, stamp: Date): Promise<Buffer> {
  const compiler = compilerOf();
  if (!compiler) return normaliseDocx(await Packer.toBuffer(document), stamp);
  const entries: ZipEntry[] = [...compiler.compile(document)].map(([path, data]) => {
    const bytes = typeof data === 'string' ? Buffer.from(path === CORE ? stampCore(data, stamp) : data, 'utf8') : Buffer.from(data);
    return { path, data: bytes, compress: true };
  });
  return zipToBuffer(entries);
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
