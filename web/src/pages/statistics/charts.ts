/** The chart options of the statistics pages, built from the dashboard (pure, no echarts import). */
import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard, ProblemRow } from '../../api/statistics';

const COLORS = ['#1677ff', '#52c41a', '#faad14', '#722ed1', '#eb2f96'];
const ORANGE = '#faad14';

/** Long names are cut so a 390 px screen keeps room for the bars. */
function short(name: string, max = 8): string {
  return name.length > max ? `${name.slice(0, max)}…` : name;
}

/** 部门考核: completion and timeliness per department, horizontal bars (names read on a phone). */
export function departmentRatesOption(d: Dashboard): EChartsCoreOption {
  const rows = [...d.departments].filter((r) => r.objects > 0).reverse();
  const series = [
    { name: '任务完成率', key: 'completion' as const },
    { name: '按期录入率', key: 'entryOnTime' as const },
    { name: '按期公示率', key: 'publicationOnTime' as const },
  ];
  return {
    animation: false,
    color: COLORS,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', hideOverlap: true }, interval: 25 },
    yAxis: { type: 'category', data: rows.map((r) => short(r.name, 10)) },
    series: series.map((s) => ({ name: s.name, type: 'bar', data: rows.map((r) => r[s.key] ?? '-') })),
  };
}

/** 问题发现率 per credit class or industry section: the rate as bars, the counts in the tooltip. */
export function problemRateOption(rows: readonly ProblemRow[], horizontal: boolean): EChartsCoreOption {
  const data = horizontal ? [...rows].reverse() : rows;
  const category = { type: 'category', data: data.map((r) => (horizontal ? short(r.label, 10) : r.key || '未分类')) };
  const value = { type: 'value', max: 100, axisLabel: { formatter: '{value}%', hideOverlap: true }, interval: 25 };
  return {
    animation: false,
    color: [ORANGE],
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (params as { dataIndex: number }[])[0];
        const row = first ? data[first.dataIndex] : undefined;
        return row ? `${row.label}<br/>已审核 ${row.inspected}，发现问题 ${row.problems}，问题发现率 ${row.rate === null ? '—' : `${row.rate}%`}` : '';
      },
    },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [{ name: '问题发现率', type: 'bar', barMaxWidth: 36, data: data.map((r) => r.rate ?? '-'), label: { show: true, position: horizontal ? 'right' : 'top', formatter: '{c}%' } }],
  };
}

/** 主体受检频次 (威海第5条: at most twice a year): entities per bucket, the over-cap bucket in red. */
export function burdenOption(d: Dashboard): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 户（{d}%）' },
    legend: { bottom: 0 },
    series: [{
      name: '受检次数', type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'],
      label: { formatter: '{b}\n{c} 户' },
      // An empty bucket stays in the legend but draws no slice (a zero slice only piles its label on the others).
      data: d.burden.map((b, i) => ({ name: b.label, value: b.entities > 0 ? b.entities : null, itemStyle: { color: b.overCap ? '#ff4d4f' : COLORS[i] ?? ORANGE } })),
    }],
  };
}
