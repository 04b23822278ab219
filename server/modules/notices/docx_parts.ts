/**
 * The building blocks both documents share: an A4 page with the margins of 党政机关公文格式 (GB/T 9704: 上 37 mm, 下 35 mm,
 * 左 28 mm, 右 26 mm), 仿宋 body text, 宋体/黑体 titles, and bordered table cells.
 */
import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType,
  type ISectionOptions, type ParagraphChild,
} from 'docx';

const MM = 56.7; // twips per millimetre
export const PAGE = { width: 11906, height: 16838, margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) } };
/** The width of the text between the margins, in twips. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEAD_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt. */
export const SIZE = { title: 44, number: 32, body: 28, small: 24, table: 21 } as const;

export function run(text: string, options: { bold?: boolean; size?: number; font?: 'body' | 'title' | 'head'; underline?: boolean } = {}): TextRun {
  const font = options.font === 'title' ? TITLE_FONT : options.font === 'head' ? HEAD_FONT : BODY_FONT;
  return new TextRun({ text, bold: options.bold ?? false, size: options.size ?? SIZE.body, font, ...(options.underline ? { underline: {} } : {}) });
}

export function para(children: ParagraphChild[] | string, options: ParaOptions = {}): Paragraph {
  const alignment = options.align === 'center' ? AlignmentType.CENTER : options.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
  const size = options.size ?? SIZE.body;
  return new Paragraph({
    alignment,
    spacing: { before: options.before ?? 0, after: options.after ?? 0, ...(options.line ? { line: options.line } : {}) },
    ...(options.indent ? { indent: { firstLine: size * 20 } } : {}),
    children: typeof children === 'string' ? [run(children, { size })] : children,
  });
}

/** A document title (宋体 bold, 二号, centred). */
export function title(lines: readonly string[]): Paragraph[] {
  return titleWith(docxKit, lines) as Paragraph[]; // kit.para makes paragraphs only
}

export interface RunOptions { bold?: boolean; size?: number; font?: 'body' | 'title' | 'head' }
export interface ParaOptions { align?: 'left' | 'center' | 'right'; indent?: boolean; before?: number; after?: number; size?: number; line?: number }
export interface TableOptions { header?: boolean; minRowHeight?: number }

/**
 * The three blocks the notice and the record form are written with, over one output: the docx library's objects
 * (`docxKit`, the single downloads) or WordprocessingML text (`xmlKit` in docx_xml.ts, the archive's hundreds of
 * documents). Both write the same XML, byte for byte (docx_xml.test.ts).
 */
export interface DocKit<R, B> {
  readonly run: (text: string, options?: RunOptions) => R;
  readonly para: (children: R[] | string, options?: ParaOptions) => B;
  readonly table: (columnWidths: readonly number[], rows: readonly (readonly CellSpec[])[], options?: TableOptions) => B;
}

export const docxKit: DocKit<TextRun, Paragraph | Table> = { run: (text, options) => run(text, options), para, table };

/** `title` with either kit. */
export function titleWith<R, B>(kit: DocKit<R, B>, lines: readonly string[]): B[] {
  return lines.map((line, i) => kit.para([kit.run(line, { bold: true, size: SIZE.title, font: 'title' })], { align: 'center', after: i === lines.length - 1 ? 240 : 0 }));
}

const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE };

export interface CellSpec {
  readonly text: string;
  /** Width in twips. */
  readonly width: number;
  readonly bold?: boolean;
  readonly span?: number;
  /** Rows this cell covers downwards (the rows below leave it out). */
  readonly rowSpan?: number;
  readonly align?: 'left' | 'center';
  /** Minimum height of the row this cell sits in is set on the row; this adds blank lines inside the cell. */
  readonly blankLines?: number;
}

export function cell(spec: CellSpec): TableCell {
  const lines = spec.text.split('\n');
  const paragraphs = lines.map((line) => para([run(line, { bold: spec.bold ?? false, size: SIZE.table })], { align: spec.align ?? 'left' }));
  for (let i = 0; i < (spec.blankLines ?? 0); i++) paragraphs.push(para('', { size: SIZE.table }));
  return new TableCell({
    children: paragraphs, width: { size: spec.width, type: WidthType.DXA }, borders: BORDERS, verticalAlign: VerticalAlign.CENTER,
    margins: { top: 60, bottom: 60, left: 100, right: 100 }, ...(spec.span ? { columnSpan: spec.span } : {}), ...(spec.rowSpan ? { rowSpan: spec.rowSpan } : {}),
  });
}

export function table(columnWidths: readonly number[], rows: readonly (readonly CellSpec[])[], options: TableOptions = {}): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: [...columnWidths],
    rows: rows.map((cells, i) => new TableRow({
      children: cells.map(cell), tableHeader: Boolean(options.header) && i === 0, cantSplit: true,
      ...(options.minRowHeight && !(options.header && i === 0) ? { height: { value: options.minRowHeight, rule: 'atLeast' as const } } : {}),
    })),
  });
}

/** Widths in twips from proportions of the text width. */
export function widths(...parts: readonly number[]): number[] {
  const total = parts.reduce((a, b) => a + b, 0);
  return parts.map((p) => Math.floor((TEXT_WIDTH * p) / total));
}

/** An A4 document of one section. */
export function documentA4(children: ISectionOptions['children'], meta: { title: string }): Document {
  return new Document({
    title: meta.title, creator: 'suiji 双随机、一公开监管平台',
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } }, children }],
  });
}

/** An A4 document of one section, packed to a Buffer. */
export async function packA4(children: ISectionOptions['children'], meta: { title: string }): Promise<Buffer> {
  return Packer.toBuffer(documentA4(children, meta));
}

/** The RFC 5987 Content-Disposition of a download with a Chinese file name (ASCII fallback first). */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Characters a file name may not carry on Windows or in a header. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);
}
