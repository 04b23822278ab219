/** The small tags every view of an inspection object shows: its deadline as a traffic light, its result, 待发送. */
import { CrownFilled } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { MyObjectRow } from '../../api/inspection';
import { ValueTag } from '../../components/value_tag';
import { dueLight, LIGHT_COLORS, LIGHT_TEXT, objectDue } from './due_light';
import { RESULT_STATUS_ENUM } from './result_labels';

export const mapLink = (address: string) => `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`;

/** A deadline in traffic-light colours: red overdue, amber within 2 working days, green otherwise. */
export function DeadlineTag({ label, date, provisional = false }: { label: string; date: string; provisional?: boolean }) {
  const light = dueLight(date, dayjs().format('YYYY-MM-DD'));
  return (
    <Tooltip title={`${label}：${date}（${LIGHT_TEXT[light]}；按工作日计算${provisional ? '，暂定' : ''}）`}>
      <Tag color={LIGHT_COLORS[light]} data-light={light} style={{ marginInlineEnd: 0 }}>{`${label} ${date}`}{light === 'red' ? ' 已逾期' : ''}{provisional ? '（暂定）' : ''}</Tag>
    </Tooltip>
  );
}

export function DueTag({ row }: { row: Pick<MyObjectRow, 'result' | 'entryDue' | 'periodEnd' | 'dueProvisional'> }) {
  const due = objectDue(row);
  if (!due) return null;
  return <DeadlineTag label={due.label} date={due.date} provisional={due.label === '录入期限' && row.dueProvisional} />;
}

export function ObjectTags({ row, waiting }: { row: MyObjectRow; waiting: boolean }) {
  return (
    <Space size={4} wrap>
      {row.result ? <ValueTag value={row.result.status} valueEnum={RESULT_STATUS_ENUM} /> : <Tag style={{ marginInlineEnd: 0 }}>未录入</Tag>}
      {row.isLeader && <Tag color="gold" icon={<CrownFilled />} style={{ marginInlineEnd: 0 }}>组长</Tag>}
      {waiting && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="object-waiting">待发送</Tag>}
      <DueTag row={row} />
    </Space>
  );
}
