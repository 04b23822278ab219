/** 录入年度安排 (pasted lines, checked as you type) and 地方假日 dialogs of the 工作日历 page. */
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { parseScheduleText } from '../../../../domain/calendar/schedule_input';
import { errorMessage, isApiError } from '../../api/client';
import { useEnterYear, useSaveRegionalHoliday, type CalendarYearDetail, type RegionalHolidayRow } from '../../api/calendar';
import { RegionTreeSelect } from '../../components/region_tree_select';

const EXAMPLE = ['2027-01-01 元旦', '2027-02-06至2027-02-12 春节', '2027-02-14 调休上班'].join('\n');

/** The lines an entered year's days read as, so replacing starts from what is stored. */
function linesOf(detail: CalendarYearDetail | undefined): string {
  if (!detail || detail.status === 'provisional') return '';
  return detail.days.map((d) => `${d.date} ${d.kind === 'makeup_workday' && !/调休|上班/.test(d.name) ? `${d.name}调休上班` : d.name}`).join('\n');
}

export function EnterYearDialog({ year, detail, onClose }: { year: number | null; detail: CalendarYearDetail | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const enter = useEnterYear();
  const [text, setText] = useState(() => linesOf(detail));
  const [source, setSource] = useState(() => (detail?.status === 'entered' ? detail.source ?? '' : ''));
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const parsed = useMemo(() => (year === null ? null : parseScheduleText(year, text)), [year, text]);

  async function submit() {
    if (year === null || !parsed) return;
    if (source.trim() === '') {
      setServerErrors(['请填写依据（如：国务院办公厅关于2027年部分节假日安排的通知）']);
      return;
    }
    if (parsed.errors.length > 0 || parsed.days.length === 0) return;
    try {
      await enter.mutateAsync({ year, body: { source: source.trim(), days: parsed.days } });
      message.success(`已录入${year}年节假日安排，相关期限已按正式安排重新计算`);
      onClose();
    } catch (error) {
      setServerErrors(isApiError(error) && error.details.length ? error.details.map((d) => d.message) : [errorMessage(error)]);
    }
  }

  const problems = [...(parsed?.errors.map((e) => e.message) ?? []), ...serverErrors];
  return (
    <Modal
      title={`录入${year ?? ''}年节假日安排`} open={year !== null} onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消"
      confirmLoading={enter.isPending} okButtonProps={{ disabled: !parsed || parsed.errors.length > 0 || parsed.days.length === 0 }} width={640} destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        按国务院办公厅通知逐行填写：每行一个日期或一段日期和名称；调休上班的周末写“调休上班”。以 # 开头的行不读取。
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="依据（通知名称或文号）" required htmlFor="calendar-source">
          <Input id="calendar-source" value={source} maxLength={200} onChange={(e) => { setSource(e.target.value); setServerErrors([]); }} placeholder={`国务院办公厅关于${year ?? ''}年部分节假日安排的通知`} />
        </Form.Item>
        <Form.Item label="放假与调休上班日" required htmlFor="calendar-lines" extra={parsed ? `已识别 ${parsed.days.length} 天` : undefined}>
          <Input.TextArea id="calendar-lines" rows={10} value={text} onChange={(e) => { setText(e.target.value); setServerErrors([]); }} placeholder={EXAMPLE} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Form>
      {problems.length > 0 && (
        <Alert type="error" showIcon message={`有 ${problems.length} 处需要修改`} description={<ul style={{ margin: 0, paddingLeft: 20 }}>{problems.slice(0, 20).map((p) => <li key={p}>{p}</li>)}</ul>} />
      )}
    </Modal>
  );
}

interface HolidayValues { regionCode: string; date: Dayjs; name: string }

export function RegionalHolidayDialog({ target, onClose }: { target: RegionalHolidayRow | 'new' | null; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useSaveRegionalHoliday();
  const [form] = Form.useForm<HolidayValues>();
  const row = target === 'new' ? null : target;

  async function submit() {
    const values = await form.validateFields();
    try {
      await save.mutateAsync({ id: row?.id ?? null, body: { regionCode: values.regionCode, date: values.date.format('YYYY-MM-DD'), name: values.name.trim() } });
      message.success(row ? '已修改地方假日' : '已新增地方假日');
      onClose();
    } catch (error) {
      if (isApiError(error) && error.details.length) form.setFields(error.details.map((d) => ({ name: d.field as keyof HolidayValues, errors: [d.message] })));
      else message.error(errorMessage(error));
    }
  }

  return (
    <Modal
      title={row ? '修改地方假日' : '新增地方假日'} open={target !== null} onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消"
      confirmLoading={save.isPending} destroyOnHidden
      afterOpenChange={(open) => { if (open) form.setFieldsValue(row ? { regionCode: row.regionCode, date: dayjs(row.date), name: row.name } : { name: '' }); }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="regionCode" label="适用区划" extra="适用于该区划及其全部下级区划" rules={[{ required: true, message: '请选择适用区划' }]}>
          <RegionTreeSelect fallbackLabel={row?.regionName ?? undefined} />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 20, message: '名称不能超过 20 个字符' }]}>
          <Input placeholder="如：那达慕大会" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
