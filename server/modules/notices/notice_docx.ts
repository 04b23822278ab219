/**
 * 行政检查通知书 as .docx (渝北 附件2): title, number, addressee, the notice with the date and the items, the team with
 * their 执法证号, the reminders, signature lines, and a 送达回证 below the cut line (filled in once delivery is recorded).
 */
import { Packer, type Document } from 'docx';
import { chineseDate, DELIVERY_METHOD_LABELS, DELIVERY_METHODS, titleLines } from '../../../domain/inspection/notice';
import { shanghaiDate } from '../../http/today';
import { documentA4, docxKit, SIZE, titleWith, widths, type DocKit } from './docx_parts';
import { packXmlDocx, xmlKit } from './docx_xml';
import type { NoticeDocument, NoticeRow } from './schema';

const BLANK = '＿＿＿＿＿＿＿＿＿＿';

/** 2026年12月4日 09时30分 (Shanghai time). */
export function deliveredAtText(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${chineseDate(shanghaiDate(new Date(iso)))} ${local.slice(11, 13)}时${local.slice(14, 16)}分`;
}

function deliveryRows<R, B>({ table }: DocKit<R, B>, doc: NoticeDocument, delivery: NoticeRow['delivery']): B {
  const w = widths(22, 78);
  const methods = DELIVERY_METHODS.map((m) => `${delivery?.method === m ? '☑' : '□'}${DELIVERY_METHOD_LABELS[m]}`).join('\u3000');
  const at = delivery ? deliveredAtText(delivery.deliveredAt) : '      年    月    日    时    分';
  return table(w, [
    [{ text: '文书名称及文号', width: w[0] ?? 0, bold: true }, { text: `行政检查通知书\u3000${doc.number}`, width: w[1] ?? 0 }],
    [{ text: '受送达人', width: w[0] ?? 0, bold: true }, { text: `${doc.entity.name}（${doc.entity.code}）`, width: w[1] ?? 0 }],
    [{ text: '送达地点', width: w[0] ?? 0, bold: true }, { text: doc.entity.address ?? '', width: w[1] ?? 0 }],
    [{ text: '送达方式', width: w[0] ?? 0, bold: true }, { text: methods, width: w[1] ?? 0 }],
    [{ text: '签收人签字', width: w[0] ?? 0, bold: true }, { text: delivery?.recipient ?? '', width: w[1] ?? 0 }],
    [{ text: '送达时间', width: w[0] ?? 0, bold: true }, { text: at, width: w[1] ?? 0 }],
    [{ text: '送达人签字', width: w[0] ?? 0, bold: true }, { text: '', width: w[1] ?? 0 }],
    [{ text: '备注（留置送达的拒收事由、见证人）', width: w[0] ?? 0, bold: true }, { text: delivery?.note ?? '', width: w[1] ?? 0 }],
  ], { minRowHeight: 480 });
}

export function noticeParts<R, B>(kit: DocKit<R, B>, doc: NoticeDocument, delivery: NoticeRow['delivery']): B[] {
  const { para, run, table } = kit;
  const team = widths(8, 16, 40, 24, 12);
  const parts: B[] = [
    ...titleWith(kit, titleLines(doc.title, '行政检查通知书')),
    para([run(doc.number, { size: SIZE.number })], { align: 'center', after: 360 }),
    para([run(`${doc.entity.name}：`)], { after: 120 }),
    para([run(doc.body)], { indent: true, line: 480 }),
    para([run('检查事项如下：')], { indent: true, line: 480 }),
    ...(doc.items.length === 0
      ? [para([run('（本次抽查的检查事项以实施方案为准）')], { indent: true, line: 480 })]
      : doc.items.map((item, i) => para([run(`${i + 1}. ${item.name}（${item.departmentName}）`)], { indent: true, line: 480 }))),
    para([run('执法检查人员：')], { indent: true, line: 480, after: 120 }),
    table(team, [
      ['序号', '姓名', '单位', '执法证号', '职责'].map((text, i) => ({ text, width: team[i] ?? 0, bold: true, align: 'center' as const })),
      ...doc.team.map((m, k) => [String(k + 1), m.name, m.departmentName, m.certificateNo, m.roleLabel].map((text, i) => ({ text, width: team[i] ?? 0, align: i === 2 ? 'left' as const : 'center' as const }))),
    ], { header: true }),
    para([run('注意事项：')], { indent: true, before: 240, line: 480 }),
    ...doc.reminders.map((r, i) => para([run(`${i + 1}. ${r}`)], { indent: true, line: 480 })),
    para([run(doc.issuingDepartmentName)], { align: 'right', before: 480 }),
    para([run('（印章）')], { align: 'right' }),
    para([run(chineseDate(doc.issuedOn))], { align: 'right', after: 360 }),
    para([run(`执法检查人员签字：${BLANK}\u3000联系电话：${doc.contactPhone ?? BLANK}`)], { line: 480 }),
    para([run(`当事人签字：${BLANK}${BLANK.slice(0, 3)}\u3000联系电话：${BLANK}`)], { line: 480 }),
    para([run('- - - - - - - - - - - - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - - - - - - - - - - - -', { size: SIZE.small })], { align: 'center', before: 360, after: 240 }),
    para([run('送 达 回 证', { bold: true, size: SIZE.number, font: 'head' })], { align: 'center', after: 240 }),
    deliveryRows(kit, doc, delivery),
  ];
  return parts;
}

const noticeTitle = (doc: NoticeDocument) => `${doc.title} ${doc.number}`;

/** The notice as a docx Document. */
export function noticeWord(doc: NoticeDocument, delivery: NoticeRow['delivery']): Document {
  return documentA4(noticeParts(docxKit, doc, delivery), { title: noticeTitle(doc) });
}

/** The same notice written as XML, byte-stable with the time `stamp` (the task archive's, docx_xml.ts). */
export function noticeDocxStable(doc: NoticeDocument, delivery: NoticeRow['delivery'], stamp: Date): Promise<Buffer> {
  return packXmlDocx(noticeParts(xmlKit, doc, delivery), { title: noticeTitle(doc) }, stamp);
}

export function noticeDocx(doc: NoticeDocument, delivery: NoticeRow['delivery']): Promise<Buffer> {
  return Packer.toBuffer(noticeWord(doc, delivery));
}
