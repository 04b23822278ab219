/**
 * 系统管理 → 工作日历 (issue #9 item 1): the years and where their schedule comes from (内置 / 已录入 / 暂定),
 * a 12-month grid of the chosen year, entering a year's schedule when the State Council publishes it
 * (each November), and regional extra holidays. Deadlines in a 暂定 year are recomputed once it is entered.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { YEAR_STATUS_LABELS } from '../../../../domain/calendar/regional_calendar';
import { errorMessage } from '../../api/client';
import {
  useCalendarYear, useCalendarYears, useDeleteRegionalHoliday, useDeleteYear, type CalendarYearRow, type RegionalHolidayRow,
} from '../../api/calendar';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { PageLoading } from '../../components/page_states';
import { EnterYearDialog, RegionalHolidayDialog } from './calendar_dialogs';
import { CalendarYearGrid } from './calendar_year_grid';

const STATUS_COLORS: Record<CalendarYearRow['status'], string> = { builtin: 'gold', entered: 'green', provisional: 'orange' };

function YearList({ selected, onSelect, onEnter }: { selected: number | null; onSelect: (year: number) => void; onEnter: (year: number) => void }) {
  const years = useCalendarYears();
  const remove = useDeleteYear();
  const can = useCan();
  const { message } = App.useApp();
  if (years.isError) return <Alert type="error" showIcon message={errorMessage(years.error)} />;
  return (
    <Table<CalendarYearRow>
      size="small" rowKey="year" loading={years.isLoading} dataSource={years.data ?? []} pagination={false}
      rowClassName={(row) => (row.year === selected ? 'ant-table-row-selected' : '')}
      onRow={(row) => ({ onClick: () => onSelect(row.year), style: { cursor: 'pointer' } })}
      columns={[
        { key: 'year', title: '年份', dataIndex: 'year', width: 70 },
        { key: 'status', title: '状态', width: 80, render: (_, row) => <Tag color={STATUS_COLORS[row.status]}>{YEAR_STATUS_LABELS[row.status]}</Tag> },
        { key: 'days', title: '放假 / 调休', width: 100, render: (_, row) => `${row.holidayDays} / ${row.makeupWorkdays}` },
        {
          key: 'actions', title: '操作', width: 120,
          render: (_, row) => can('system:calendar:edit') && row.editable ? (
            <Space size={4} onClick={(e) => e.stopPropagation()}>
              <Button type="link" size="small" onClick={() => onEnter(row.year)}>{row.status === 'entered' ? '修改' : '录入'}</Button>
              {row.status === 'entered' && (
                <Popconfirm
                  title={`删除${row.year}年的节假日安排？`} description="删除后该年期限回到暂定计算" okText="删除" cancelText="取消"
                  onConfirm={() => void remove.mutateAsync(row.year).then(() => { message.success('已删除'); }, (error: unknown) => { message.error(errorMessage(error)); })}
                >
                  <Button type="link" size="small" danger>删除</Button>
                </Popconfirm>
              )}
            </Space>
          ) : null,
        },
      ]}
    />
  );
}

function RegionalHolidays({ rows }: { rows: readonly RegionalHolidayRow[] }) {
  const can = useCan();
  const { message } = App.useApp();
  const remove = useDeleteRegionalHoliday();
  const [target, setTarget] = useState<RegionalHolidayRow | 'new' | null>(null);
  const editable = can('system:calendar:edit');
  return (
    <Card
      size="small" title="地方假日" style={{ marginTop: 16 }}
      extra={editable ? <Button size="small" icon={<PlusOutlined />} onClick={() => setTarget('new')}>新增地方假日</Button> : null}
    >
      <Table<RegionalHolidayRow>
        size="small" rowKey="id" dataSource={[...rows]} pagination={false} locale={{ emptyText: '本年没有地方假日' }}
        columns={[
          { key: 'date', title: '日期', dataIndex: 'date', width: 120 },
          { key: 'name', title: '名称', dataIndex: 'name' },
          { key: 'region', title: '适用区划（含下级）', render: (_, row) => `${row.regionName ?? ''}（${row.regionCode}）` },
          { key: 'createdAt', title: '登记时间', width: 170, render: (_, row) => formatDateTime(row.createdAt) },
          {
            key: 'actions', title: '操作', width: 130,
            render: (_, row) => editable ? (
              <Space size={4}>
                <Button type="link" size="small" onClick={() => setTarget(row)}>修改</Button>
                <Popconfirm
                  title={`删除地方假日“${row.name}”？`} okText="删除" cancelText="取消"
                  onConfirm={() => void remove.mutateAsync(row.id).then(() => { message.success('已删除'); }, (error: unknown) => { message.error(errorMessage(error)); })}
                >
                  <Button type="link" size="small" danger>删除</Button>
                </Popconfirm>
              </Space>
            ) : null,
          },
        ]}
      />
      <RegionalHolidayDialog target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}

export function CalendarPage() {
  const years = useCalendarYears();
  const [picked, setPicked] = useState<number | null>(null);
  const [entering, setEntering] = useState<number | null>(null);
  const fallback = years.data?.find((y) => y.status === 'provisional')?.year ?? years.data?.at(-1)?.year ?? null;
  const selected = picked ?? fallback;
  const detail = useCalendarYear(selected);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={7}>
        <Card size="small" title="年度">
          <YearList selected={selected} onSelect={setPicked} onEnter={(year) => { setPicked(year); setEntering(year); }} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            内置：平台自带的国务院办公厅安排；已录入：管理员按当年通知录入，该年开始前可修改；暂定：尚无通知，期限只按周末和元旦、劳动节、国庆节（10月1日至3日）计算并标注“暂定”，录入后自动重新计算。
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={17}>
        {detail.isError && <Alert type="error" showIcon message={errorMessage(detail.error)} />}
        {detail.isLoading && <PageLoading />}
        {detail.data && (
          <Card size="small" title={`${detail.data.year}年`} extra={<Tag color={STATUS_COLORS[detail.data.status]}>{YEAR_STATUS_LABELS[detail.data.status]}</Tag>}>
            {detail.data.status === 'provisional' && (
              <Alert
                type="warning" showIcon style={{ marginBottom: 12 }}
                message={`${detail.data.year}年的节假日安排尚未录入，涉及该年的期限为暂定`}
                description="国务院办公厅通常在前一年 11 月公布安排；公布后请在此录入，期限将按正式安排重新计算。"
              />
            )}
            {detail.data.source && <Typography.Paragraph type="secondary">依据：{detail.data.source}{detail.data.enteredByName ? `（${detail.data.enteredByName} 录入于 ${formatDateTime(detail.data.enteredAt)}）` : ''}</Typography.Paragraph>}
            <CalendarYearGrid detail={detail.data} />
            <RegionalHolidays rows={detail.data.regionalHolidays} />
          </Card>
        )}
      </Col>
      {entering !== null && (
        <EnterYearDialog key={entering} year={entering} detail={detail.data?.year === entering ? detail.data : undefined} onClose={() => setEntering(null)} />
      )}
    </Row>
  );
}
