/**
 * The notice and the record form written straight as WordprocessingML text, for the task archive (一次一档), which
 * packs two documents per object: building the docx library's object tree and letting it serialise and zip every
 * part again cost some 30–40 ms of CPU per object, most of the archive's time. Here `xmlKit` writes the body as the
 * library writes it (the same elements, attributes and escapes, byte for byte — docx_xml.test.ts compares the two on
 * every block they use), and `packXmlDocx` puts it into the parts the library made once for an A4 document: the
 * styles, settings, fonts and relationships do not depend on the document, and are copied compressed as they are.
 * Only word/document.xml and docProps/core.xml (its title and the `stamp`) are written per document.
 */
import { Packer } from 'docx';
import { bufferSource, readDirectory, readEntry, readRawEntry } from '../../export/zip_reader';
import { zipToBuffer, type ZipEntry } from '../../export/zip_writer';
import { documentA4, para, SIZE, TEXT_WIDTH, type CellSpec, type DocKit, type ParaOptions, type RunOptions, type TableOptions } from './docx_parts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
/** As the library escapes text and attribute values: the five entities, and control characters XML cannot hold dropped. */
// eslint-disable-next-line no-control-regex
export const escapeXml = (text: string): string => text.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => ESCAPES[c] ?? '');

const FONTS = { body: '仿宋', title: '宋体', head: '黑体' } as const;

function run(text: string, options: RunOptions = {}): string {
  const size = options.size ?? SIZE.body;
  const bold = options.bold ? '<w:b/><w:bCs/>' : '<w:b w:val="false"/><w:bCs w:val="false"/>';
  return `<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="${FONTS[options.font ?? 'body']}" w:hAnsi="Times New Roman"/>${bold}`
    + `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

function paragraph(children: string[] | string, options: ParaOptions = {}): string {
  const size = options.size ?? SIZE.body;
  const line = options.line ? ` w:line="${options.line}"` : '';
  const indent = options.indent ? `<w:ind w:firstLine="${size * 20}"/>` : '';
  const runs = typeof children === 'string' ? run(children, { size }) : children.join('');
  return `<w:p><w:pPr><w:spacing w:after="${options.after ?? 0}" w:before="${options.before ?? 0}"${line}/>${indent}<w:jc w:val="${options.align ?? 'left'}"/></w:pPr>${runs}</w:p>`;
}

const SIDES = ['top', 'left', 'bottom', 'right'] as const;
const CELL_BORDERS = `<w:tcBorders>${SIDES.map((s) => `<w:${s} w:val="single" w:color="000000" w:sz="6"/>`).join('')}</w:tcBorders>`;
const CELL_MARGINS = '<w:tcMar><w:top w:type="dxa" w:w="60"/><w:left w:type="dxa" w:w="100"/><w:bottom w:type="dxa" w:w="60"/><w:right w:type="dxa" w:w="100"/></w:tcMar>';
const TABLE_BORDERS = `<w:tblBorders>${[...SIDES, 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:color="auto" w:sz="4"/>`).join('')}</w:tblBorders>`;

/** A cell as laid out in its row: a cell of the spec, or the continuation of a cell merged down from above. */
type Laid = { spec: CellSpec; rowSpan: number; continued: boolean };

function cellXml({ spec, rowSpan, continued }: Laid): string {
  const merge = continued ? '<w:vMerge w:val="continue"/>' : rowSpan > 1 ? '<w:vMerge w:val="restart"/>' : '';
  const span = spec.span ? `<w:gridSpan w:val="${spec.span}"/>` : '';
  const properties = `<w:tcPr><w:tcW w:type="dxa" w:w="${spec.width}"/>${span}${merge}${CELL_BORDERS}${CELL_MARGINS}<w:vAlign w:val="center"/></w:tcPr>`;
  const align = spec.align ?? 'left';
  if (continued) {
    // The library gives a continuation one empty paragraph with the alignment of the merged cell's last paragraph.
    return `<w:tc>${properties}<w:p><w:pPr><w:jc w:val="${(spec.blankLines ?? 0) > 0 ? 'left' : align}"/></w:pPr></w:p></w:tc>`;
  }
  const paragraphs = spec.text.split('\n').map((line) => paragraph([run(line, { bold: spec.bold ?? false, size: SIZE.table })], { align }));
  for (let i = 0; i < (spec.blankLines ?? 0); i++) paragraphs.push(paragraph('', { size: SIZE.table }));
  return `<w:tc>${properties}${paragraphs.join('')}</w:tc>`;
}

/** Inserts a continuation where the library does: before the cell covering `column`, or at the end of the row. */
function insertAtColumn(cells: Laid[], column: number, cell: Laid): void {
  let col = 0;
  let i = 0;
  while (col <= column) {
    const next = cells[i];
    if (!next) { cells.push(cell); return; }
    col += next.spec.span ?? 1;
    i += 1;
  }
  cells.splice(i - 1, 0, cell);
}

function tableXml(columnWidths: readonly number[], rows: readonly (readonly CellSpec[])[], options: TableOptions = {}): string {
  const laid: Laid[][] = rows.map((cells) => cells.map((spec) => ({ spec, rowSpan: spec.rowSpan ?? 1, continued: false })));
  laid.forEach((cells, r) => {
    const below = laid[r + 1];
    if (!below) return;
    let column = 0;
    for (const cell of [...cells]) {
      if (cell.rowSpan > 1) insertAtColumn(below, column, { spec: cell.spec, rowSpan: cell.rowSpan - 1, continued: true });
      column += cell.spec.span ?? 1;
    }
  });
  const grid = columnWidths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const body = laid.map((cells, i) => {
    const header = Boolean(options.header) && i === 0;
    const height = options.minRowHeight && !header ? `<w:trHeight w:val="${options.minRowHeight}" w:hRule="atLeast"/>` : '';
    return `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : '<w:tblHeader w:val="off"/>'}${height}</w:trPr>${cells.map(cellXml).join('')}</w:tr>`;
  }).join('');
  return `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${TEXT_WIDTH}"/>${TABLE_BORDERS}</w:tblPr><w:tblGrid>${grid}</w:tblGrid>${body}</w:tbl>`;
}

export const xmlKit: DocKit<string, string> = { run, para: paragraph, table: tableXml };

const SENTINEL = 'SUIJI-SENTINEL-7f3a';
const DOCUMENT = 'word/document.xml';
const CORE = 'docProps/core.xml';
const CORE_TIME = /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g;

interface Frame { parts: { path: string; raw?: { data: Buffer; method: number; crc: number; size: number } }[]; head: string; tail: string; core: string }
let frame: Promise<Frame> | null = null;

/** The library's parts of an A4 document, made once: document.xml split around the body, core.xml with a title slot. */
async function makeFrame(): Promise<Frame> {
  const packed = await Packer.toBuffer(documentA4([para(SENTINEL)], { title: SENTINEL }));
  const source = bufferSource(packed);
  const result: Frame = { parts: [], head: '', tail: '', core: '' };
  for (const entry of (await readDirectory(source)).entries) {
    if (entry.path === DOCUMENT) {
      const xml = (await readEntry(source, entry)).toString('utf8');
      const open = xml.indexOf('<w:body>') + '<w:body>'.length;
      const close = xml.indexOf('<w:sectPr');
      if (open < '<w:body>'.length || close < open || !xml.slice(open, close).includes(SENTINEL)) throw new Error('docx frame: unexpected document.xml');
      [result.head, result.tail] = [xml.slice(0, open), xml.slice(close)];
      result.parts.push({ path: entry.path });
    } else if (entry.path === CORE) {
      result.core = (await readEntry(source, entry)).toString('utf8');
      if (!result.core.includes(`<dc:title>${SENTINEL}</dc:title>`)) throw new Error('docx frame: unexpected core.xml');
      result.parts.push({ path: entry.path });
    } else {
      result.parts.push({ path: entry.path, raw: { data: await readRawEntry(source, entry), method: entry.method, crc: entry.crc, size: entry.size } });
    }
  }
  return result;
}

/**
 * An A4 .docx of `blocks` (written with `xmlKit`), titled `title`, whose bytes depend only on its content and `stamp`
 * (the moment the document stands for): the same parts, in the same order, as `stableDocx` of the library's document.
 */
export async function packXmlDocx(blocks: readonly string[], meta: { title: string }, stamp: Date): Promise<Buffer> {
  frame ??= makeFrame();
  const f = await frame.catch((error: unknown) => { frame = null; throw error; });
  const time = `${stamp.toISOString().slice(0, 19)}Z`;
  const entries: ZipEntry[] = f.parts.map((part) => {
    if (part.raw) return { path: part.path, data: part.raw.data, compress: false, raw: part.raw };
    const text = part.path === DOCUMENT
      ? `${f.head}${blocks.join('')}${f.tail}`
      : f.core.replace(`<dc:title>${SENTINEL}</dc:title>`, () => `<dc:title>${escapeXml(meta.title)}</dc:title>`).replace(CORE_TIME, `$1${time}$2`);
    return { path: part.path, data: Buffer.from(text, 'utf8'), compress: true };
  });
  return zipToBuffer(entries);
}
