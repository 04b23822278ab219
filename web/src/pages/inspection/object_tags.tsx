/** The small tags every view of an inspection object shows: its deadline as a traffic light, its result, 待发送. */
import { CrownFilled } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { MyObjectRow } from '../../api/inspection';
import { ValueTag } from '../../components/value_tag';
import { dueLight, LIGHT_COLORS, LIGHT_TEXT, objectDue } from './due_light';
import { RESULT_STATUS_ENUM } from './result_labels';

export const mapLink = (address: string) => `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`;

export function DueTag({ row }: { row: Pick<MyObjectRow, 'result' | 'entryDue' | 'periodEnd'> }) {
  const due = objectDue(row);
  if (!due) return null;
  const light = dueLight(due.date, dayjs().format('YYYY-MM-DD'));
  return (
    <Tooltip title={`${due.label}：${due.date}（${LIGHT_TEXT[light]}；按工作日计算）`}>
      <Tag color={LIGHT_COLORS[light]} data-light={light} style={{ marginInlineEnd: 0 }}>{`${due.label} ${due.date}`}{light === 'red' ? ' 已逾期' : ''}</Tag>
    </Tooltip>
  );
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
