/** A compact 12-month grid of one year: 放假, 调休上班, 地方假日 and weekends, with the day's name on hover. */
import { Card, Col, Row, Space, Tag, Tooltip, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { dateOnly, isoWeekday, toDayNumber } from '../../../../domain/calendar/civil_date';
import type { CalendarYearDetail } from '../../api/calendar';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

type Mark = 'holiday' | 'makeup' | 'regional' | 'weekend' | 'workday';

const STYLES: Record<Mark, CSSProperties> = {
  holiday: { background: '#fff1f0', color: '#cf1322', fontWeight: 600 },
  makeup: { background: '#e6f4ff', color: '#0958d9', fontWeight: 600 },
  regional: { background: '#fff7e6', color: '#d46b08', fontWeight: 600 },
  weekend: { color: '#8c8c8c' },
  workday: {},
};

export const MARK_LEGEND: readonly { mark: Mark; label: string; color: string }[] = [
  { mark: 'holiday', label: '放假', color: 'red' },
  { mark: 'makeup', label: '调休上班', color: 'blue' },
  { mark: 'regional', label: '地方假日', color: 'orange' },
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function Month({ year, month, marks }: { year: number; month: number; marks: ReadonlyMap<string, { mark: Mark; title: string }> }) {
  const first = isoWeekday(toDayNumber(dateOnly(`${year}-${pad(month)}-01`)));
  const cells: (number | null)[] = [...Array<null>(first - 1).fill(null)];
  for (let d = 1; d <= daysInMonth(year, month); d += 1) cells.push(d);
  return (
    <Card size="small" title={`${month}月`} styles={{ body: { padding: 8 } }}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, textAlign: 'center', fontSize: 12 }}>
        {WEEKDAYS.map((w) => <div key={w} style={{ color: '#8c8c8c' }}>{w}</div>)}
        {cells.map((d, i) => {
          if (d === null) return <div key={`blank-${String(i)}`} />;
          const date = `${year}-${pad(month)}-${pad(d)}`;
          const info = marks.get(date);
          const weekend = (i % 7) >= 5;
          const mark: Mark = info?.mark ?? (weekend ? 'weekend' : 'workday');
          const cell = <div data-date={date} data-mark={mark} style={{ ...STYLES[mark], borderRadius: 4, lineHeight: '22px' }}>{d}</div>;
          return info ? <Tooltip key={date} title={`${date} ${info.title}`}>{cell}</Tooltip> : <div key={date}>{cell}</div>;
        })}
      </div>
    </Card>
  );
}

export function CalendarYearGrid({ detail }: { detail: CalendarYearDetail }) {
  const marks = new Map<string, { mark: Mark; title: string }>();
  for (const h of detail.regionalHolidays) marks.set(h.date, { mark: 'regional', title: `${h.name}（${h.regionName ?? h.regionCode}地方假日）` });
  for (const d of detail.days) {
    const regional = marks.get(d.date);
    const title = d.kind === 'holiday' ? `${d.name}（放假）` : `${d.name}（调休上班）`;
    marks.set(d.date, { mark: d.kind === 'holiday' ? 'holiday' : 'makeup', title: regional ? `${title}；${regional.title}` : title });
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        {MARK_LEGEND.map((l) => <Tag key={l.mark} color={l.color}>{l.label}</Tag>)}
        <Typography.Text type="secondary">灰色为周末；地方假日只在该区划及其下级适用</Typography.Text>
      </Space>
      <Row gutter={[12, 12]}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <Col key={month} xs={24} sm={12} md={8} xl={6}><Month year={detail.year} month={month} marks={marks} /></Col>
        ))}
      </Row>
    </Space>
  );
}
