/**
 * 实地核查记录表 / 一企一表 as .docx (渝北 附件1; 曲阳第15条): the entity, the task and the team with 执法证号, then every
 * participating department's items for this entity with empty 检查情况 and 检查结果 columns, a 备注 row, and the
 * signature block — 检查人员、被检查对象签字（盖章）, or the reason of a refusal and the witness (渝北 四（八）, 曲阳第18条).
 */
import { Packer, type Document } from 'docx';
import { chineseDate, resultChoices, titleLines } from '../../../domain/inspection/notice';
import { documentA4, docxKit, SIZE, titleWith, widths, type CellSpec, type DocKit } from './docx_parts';
import { packXmlDocx, xmlKit } from './docx_xml';
import type { RecordForm } from './schema';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const chineseOrdinal = (i: number): string => NUMERALS[i] ?? String(i + 1);

/** 组长 张三（长春市市场监督管理局，执法证号 JC000001）. */
export function teamText(form: RecordForm): string {
  return form.team.map((m) => `${m.roleLabel} ${m.name}（${m.departmentName}，执法证号 ${m.certificateNo}）`).join('\n') || '（尚未匹配检查人员）';
}

function headerTable<R, B>({ table }: DocKit<R, B>, form: RecordForm): B {
  const w = widths(22, 30, 16, 32);
  const c = (text: string, i: number, extra: Partial<CellSpec> = {}): CellSpec => ({ text, width: w[i] ?? 0, ...extra });
  const full = w.slice(1).reduce((a, b) => a + b, 0);
  return table(w, [
    [c('企业名称', 0, { bold: true }), { text: form.entity.name, width: full, span: 3 }],
    [c('统一社会信用代码/注册号', 0, { bold: true }), c(form.entity.code, 1), c('所属区县', 2, { bold: true }), c(form.entity.regionName, 3)],
    [c('法定代表人（负责人）', 0, { bold: true }), c(form.entity.legalRepresentative ?? '', 1), c('检查日期', 2, { bold: true }), c(chineseDate(form.inspectionDate), 3)],
    [c('经营地址', 0, { bold: true }), { text: form.entity.address ?? '', width: full, span: 3 }],
    [c('抽查任务', 0, { bold: true }), { text: `${form.task.name}（任务编号 ${form.task.code}）`, width: full, span: 3 }],
    [c('参与部门', 0, { bold: true }), c(form.task.departmentNames.join('、'), 1), c('检查方式', 2, { bold: true }), c(form.task.methods.join('、'), 3)],
    [c('检查人员', 0, { bold: true }), { text: teamText(form), width: full, span: 3 }],
  ], { minRowHeight: 520 });
}

export const ITEM_HEADERS = ['序号', '检查事项', '检查内容', '检查方法及依据', '检查情况', '检查结果'] as const;

function itemsTable<R, B>({ table }: DocKit<R, B>, department: RecordForm['departments'][number]): B {
  const w = widths(6, 14, 28, 20, 14, 18);
  const rows: CellSpec[][] = [ITEM_HEADERS.map((text, i) => ({ text, width: w[i] ?? 0, bold: true, align: 'center' }))];
  department.items.forEach((item, k) => {
    const lines = item.lines.length > 0 ? item.lines : [{ subitem: '', content: '', checkMethod: '', yesWording: '', noWording: '', basis: '' }];
    lines.forEach((line, j) => {
      const content = [line.subitem && line.content ? `${line.subitem}：${line.content}` : line.content || line.subitem];
      const result = resultChoices(item.resultOptions, line).map((o) => `□${o}`).join('\n');
      const method = [line.checkMethod, line.basis ? `依据：${line.basis}` : ''].filter(Boolean).join('\n');
      const row: CellSpec[] = [];
      if (j === 0) {
        row.push({ text: String(k + 1), width: w[0] ?? 0, align: 'center', rowSpan: lines.length });
        row.push({ text: `${item.code}\n${item.name}`, width: w[1] ?? 0, rowSpan: lines.length });
      }
      row.push({ text: content.join('\n'), width: w[2] ?? 0 }, { text: method, width: w[3] ?? 0 }, { text: '', width: w[4] ?? 0 }, { text: result, width: w[5] ?? 0 });
      rows.push(row);
    });
  });
  return table(w, rows, { header: true, minRowHeight: 720 });
}

function signatureTable<R, B>({ table }: DocKit<R, B>): B {
  const w = widths(50, 50);
  const c = (text: string, i: number): CellSpec => ({ text, width: w[i] ?? 0 });
  return table(w, [
    [c('被检查对象（盖章）：', 0), c('检查人员签字：', 1)],
    [c('法定代表人（负责人）或受委托人签字：', 0), c('执法证号：', 1)],
    [c('拒绝签字或无法到达现场的原因：', 0), c('见证人签字：', 1)],
    [c('核查时间：      年    月    日', 0), c('记录人：', 1)],
  ], { minRowHeight: 760 });
}

export function recordFormParts<R, B>(kit: DocKit<R, B>, form: RecordForm): B[] {
  const { para, run, table } = kit;
  const parts: B[] = [
    ...titleWith(kit, titleLines(form.title, '实地核查记录表')),
    para([run(`行政检查通知书文号：${form.noticeNumber ?? '（尚未编号）'}`, { size: SIZE.small })], { align: 'right', after: 160 }),
    headerTable(kit, form),
  ];
  if (form.departments.length === 0) {
    parts.push(para([run('本任务的实施方案未列检查事项。', { size: SIZE.small })], { before: 240 }));
  }
  form.departments.forEach((department, i) => {
    parts.push(para([run(`${chineseOrdinal(i)}、${department.departmentName}检查事项`, { bold: true, size: SIZE.small, font: 'head' })], { before: 280, after: 120 }));
    parts.push(itemsTable(kit, department));
  });
  const w = widths(20, 80);
  parts.push(
    para('', { after: 200, size: SIZE.small }),
    table(w, [[{ text: '备注', width: w[0] ?? 0, bold: true, align: 'center' }, { text: '', width: w[1] ?? 0, blankLines: 2 }]], { minRowHeight: 900 }),
    para('', { after: 200, size: SIZE.small }),
    signatureTable(kit),
    para([run('说明：检查结果由执法检查人员如实填写，并由执法人员及检查对象签字确认；法定代表人（负责人）或受委托人拒绝签字的，或无法到达现场的，执法检查人员应注明原因，必要时邀请相关人员签字见证。', { size: SIZE.table })], { before: 160 }),
  );
  return parts;
}

/** The form as a docx Document. */
export function recordFormWord(form: RecordForm): Document {
  return documentA4(recordFormParts(docxKit, form), { title: form.title });
}

/** The same form written as XML, byte-stable with the time `stamp` (the task archive's, docx_xml.ts). */
export function recordFormDocxStable(form: RecordForm, stamp: Date): Promise<Buffer> {
  return packXmlDocx(recordFormParts(xmlKit, form), { title: form.title }, stamp);
}

export function recordFormDocx(form: RecordForm): Promise<Buffer> {
  return Packer.toBuffer(recordFormWord(form));
}
