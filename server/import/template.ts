import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { ColumnSpec } from './columns';

/** Sends an import template: bold headers (required ones marked *), hints as cell notes, one example row. */
export async function sendTemplate<K extends string>(reply: FastifyReply, fileName: string, specs: readonly ColumnSpec<K>[], example: Readonly<Record<K, string>>): Promise<FastifyReply> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入数据');
  sheet.columns = specs.map((s) => ({ header: s.required ? `${s.header}*` : s.header, width: Math.max(14, s.header.length * 3 + 4) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  specs.forEach((spec, i) => {
    if (spec.hint) header.getCell(i + 1).note = spec.hint;
  });
  sheet.addRow(specs.map((s, i) => (i === 0 ? `示例：${example[s.key]}` : example[s.key])));
  const buffer = await workbook.xlsx.writeBuffer();
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(Buffer.from(buffer));
}
