/**
 * 行政检查通知书 and 实地核查记录表 (issue #10 item 1): the numbering, the wording and the delivery (送达) rules, pure.
 *
 * - 渝北 二（五）: the platform generates the 实地核查记录表 (附件1) and the 行政检查通知书 (附件2); 采取实地核查的，应事前
 *   通知检查对象，向检查对象发放行政检查通知书. 附件2 is numbered 部门联合双随机抽检字【 】第 号.
 * - 长春第17条: 检查小组应当在现场检查前以书面或电话、传真等形式告知被检查对象检查的时间及配合检查的相关要求.
 * - 渝北 四（八）, 曲阳第18条, 东胜 四（四）2: the record is signed by the inspectors and the entity; a refusal is noted
 *   with its reason and, where needed, a witness (拒签见证).
 */

/** How the notice reached the entity. 留置送达 needs the refusal and the witness written down (`note`). */
export const DELIVERY_METHODS = ['direct', 'mail', 'electronic', 'left_at_premises'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Readonly<Record<DeliveryMethod, string>> = {
  direct: '直接送达',
  mail: '邮寄送达',
  electronic: '电子送达',
  left_at_premises: '留置送达',
};

/** The words after the department in a number (渝北 附件2). */
export const NOTICE_NUMBER_WORDS = '部门联合双随机抽检字';

/** The default prefix of a department's numbers: its short name (else its name) and the words of 渝北 附件2. */
export function defaultNoticePrefix(department: { readonly name: string; readonly shortName: string | null }): string {
  const name = department.shortName?.trim() || department.name;
  return `${name} ${NOTICE_NUMBER_WORDS}`;
}

/** 长春市市场监督管理局 部门联合双随机抽检字【2026】第12号. */
export function formatNoticeNumber(prefix: string, year: number, serial: number): string {
  return `${prefix}【${year}】第${serial}号`;
}

/** 长春市部门联合“双随机、一公开”行政检查通知书 (渝北 附件2 title, with the task's region). */
export function noticeTitle(regionName: string): string {
  return `${regionName}部门联合“双随机、一公开”行政检查通知书`;
}

/** 长春市部门联合“双随机、一公开”实地核查记录表 (渝北 附件1 title). */
export function recordFormTitle(regionName: string): string {
  return `${regionName}部门联合“双随机、一公开”实地核查记录表`;
}

/** A title on two lines, as the forms print it: 长春市部门联合“双随机、一公开” / 行政检查通知书. */
export function titleLines(title: string, documentName: string): string[] {
  const cut = title.indexOf(documentName);
  return cut > 0 ? [title.slice(0, cut), title.slice(cut)] : [title];
}

/** The boxes of a record-form line's 检查结果: the content's 是/否 wording where the list gives one, else the item's options. */
export function resultChoices(options: readonly string[], wording: { readonly yesWording: string; readonly noWording: string }): string[] {
  if (wording.yesWording || wording.noWording) return [`是（${wording.yesWording || '符合'}）`, `否（${wording.noWording || '不符合'}）`];
  return options.length > 0 ? [...options] : ['正常', '不正常'];
}

/** The legal basis the notice cites (渝北 附件2 cites 国发〔2019〕5号 and the province's implementing rules). */
export const NOTICE_BASIS = '《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）';

/** 2026-12-10 → 2026年12月10日; null → the blanks of the paper form. */
export function chineseDate(date: string | null): string {
  if (!date) return '\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The notice's main paragraph (渝北 附件2), with the departments of a joint check named. */
export function noticeBody(input: { readonly departmentNames: readonly string[]; readonly inspectionDate: string | null }): string {
  const who = input.departmentNames.length > 1 ? `${input.departmentNames.join('、')}联合` : '我单位';
  return `根据${NOTICE_BASIS}等有关规定，${who}定于${chineseDate(input.inspectionDate)}，对你单位实施“双随机、一公开”行政检查。请你单位做好准备，届时提供与下列检查事项有关的证照、台账和资料，并对行政检查工作予以积极配合。`;
}

/** What the notice tells the entity besides the items (长春第17条 配合检查的相关要求; A1's notice warns of publication). */
export const NOTICE_REMINDERS: readonly string[] = [
  '执法检查人员不少于两人，检查时出示行政执法证件；你单位有权要求与你单位有利害关系的执法检查人员回避。',
  '检查结果将在检查完成之日起20个工作日内通过国家企业信用信息公示系统向社会公示。',
  '拒绝、阻碍检查，情节严重的，将依法处理并记录于你单位名下。',
];

export interface DeliveryFacts {
  readonly method: DeliveryMethod;
  /** ISO instant. */
  readonly deliveredAt: string;
  readonly note: string | null;
}

/** Field problems of a delivery record (ISO instants in UTC): not before the notice was issued, not in the future, 留置送达 with its note. */
export function deliveryIssues(delivery: DeliveryFacts, issuedAt: string, now: string): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  // Times are entered to the minute: the minute of issue and the current minute are allowed.
  const minute = (iso: string) => iso.slice(0, 16);
  if (minute(delivery.deliveredAt) < minute(issuedAt)) issues.push({ field: 'deliveredAt', message: '送达时间不能早于通知书编号生成的时间' });
  if (minute(delivery.deliveredAt) > minute(now)) issues.push({ field: 'deliveredAt', message: '送达时间不能晚于当前时间' });
  if (delivery.method === 'left_at_premises' && !delivery.note) {
    issues.push({ field: 'note', message: '留置送达须在备注中写明拒收事由和见证人' });
  }
  return issues;
}
