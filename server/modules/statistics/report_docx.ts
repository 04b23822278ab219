/**
 * 年度统计与考核报告 as .docx (长春第26–27条: 通报 and 年底绩效考核 rest on the platform's data): the scope and date,
 * the indicators with their formulas and citations, the assessment score with its weights, then the tables of the
 * dashboard. Built with the notices' A4 parts (GB/T 9704 margins).
 */
import type { Paragraph, Table } from 'docx';
import { packA4, para, run, SIZE, table, title, widths } from '../notices/docx_parts';
import type { Dashboard, STATISTICS_TABLES } from './schema';
import { rateText, TABLES } from './tables';

function heading(text: string): Paragraph {
  return para([run(text, { font: 'head', size: SIZE.body })], { before: 240, after: 120 });
}

function tableOf(key: keyof typeof STATISTICS_TABLES, d: Dashboard, columns?: readonly number[]): (Paragraph | Table)[] {
  const spec = TABLES[key];
  const rows = spec.rows(d);
  if (rows.length === 0) return [para('（本年度无数据）', { size: SIZE.small })];
  const w = widths(...(columns ?? spec.columns.map((c) => c.width ?? 12)));
  const header = spec.columns.map((c, i) => ({ text: c.header, width: w[i] ?? 0, bold: true, align: 'center' as const }));
  const body = rows.map((row) => spec.columns.map((c, i) => ({ text: String(c.value(row) ?? '—'), width: w[i] ?? 0 })));
  return [table(w, [header, ...body], { header: true })];
}

export interface ReportContext {
  readonly scopeName: string;
  readonly generatedOn: string;
}

export async function yearReportDocx(d: Dashboard, context: ReportContext): Promise<Buffer> {
  const score = d.assessment.score === null ? '暂无可计分指标' : `${d.assessment.score} 分`;
  const children: (Paragraph | Table)[] = [
    ...title([`${d.year}年度“双随机、一公开”监管`, '统计分析与考核报告']),
    para(`统计范围：${context.scopeName}，统计日期：${context.generatedOn}`, { align: 'center', size: SIZE.small, after: 240 }),
    heading('一、主要指标'),
    ...d.indicators.map((i) => para(`${i.label}：${rateText(i.rate)}（${i.numerator}/${i.denominator}）。计算方法：${i.formula}。依据：${i.basis}。`, { indent: true, size: SIZE.small })),
    para(`逾期未录入 ${d.overdue.entry} 项，逾期未公示 ${d.overdue.publication} 项，任务期满仍无结果的检查对象 ${d.overdue.missingAfterPeriod} 个。`, { indent: true, size: SIZE.small }),
    heading('二、年终考核评分（长春第27条）'),
    para(`综合得分：${score}。权重${d.assessment.weightsSource ? `按 ${d.assessment.weightsSource} 区域设置` : '采用默认值'}：${d.assessment.lines.map((l) => `${l.label} ${l.weight}`).join('，')}。无可计量数据的指标不计分，其权重按比例分配给其他指标。`, { indent: true, size: SIZE.small }),
    ...tableOf('departments', d, [24, 9, 9, 11, 11, 11, 11, 11, 9, 9, 9, 11, 9]),
    heading('三、区域汇总'),
    ...tableOf('regions', d, [24, 9, 9, 11, 11, 11, 11, 11, 9, 9, 9, 11, 9]),
    heading('四、问题发现率（作为下一年度抽查比例的依据，渝北 六）'),
    para('按信用风险分类：', { size: SIZE.small }),
    ...tableOf('credit', d),
    para('按行业门类（GB/T 4754-2017）：', { size: SIZE.small, before: 120 }),
    ...tableOf('industry', d),
    heading('五、市场主体受检频次（威海第5条、曲阳第17条：原则上每年不超过 2 次）'),
    ...tableOf('burden', d),
    heading('六、检查人员工作量'),
    ...tableOf('workload', d),
  ];
  return packA4(children, { title: `${d.year}年度统计分析与考核报告` });
}
