/**
 * The notice of one inspection object, for the inspector workbench: number it (按部门、年度连续编号), show the number and
 * whether it was delivered, record the delivery (送达) in a dialog, open the print pages. Props: `{ taskObjectId }`.
 */
import { CheckCircleOutlined, FileTextOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { DELIVERY_METHOD_LABELS, DELIVERY_METHODS, type DeliveryMethod } from '../../../../domain/inspection/notice';
import { errorMessage, isApiError } from '../../api/client';
import { noticePrintPath, recordFormPrintPath, useIssueNotice, useNoticeStatus, useRecordDelivery, type NoticeRow } from '../../api/notices';
import { applyServerErrors } from '../../components/form_errors';
import { deliveredAtText } from './notice_text';

interface DeliveryValues { method: DeliveryMethod; deliveredAt: Dayjs; recipient: string; note?: string }

function DeliveryDialog({ notice, onClose }: { notice: NoticeRow; onClose: () => void }) {
  const [form] = Form.useForm<DeliveryValues>();
  const record = useRecordDelivery();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const method = Form.useWatch('method', form);
  const initial: Partial<DeliveryValues> = notice.delivery
    ? { method: notice.delivery.method, deliveredAt: dayjs(notice.delivery.deliveredAt), recipient: notice.delivery.recipient, note: notice.delivery.note ?? undefined }
    : { method: 'direct', deliveredAt: dayjs().second(0) };
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await record.mutateAsync({
        id: notice.id,
        body: { rowVersion: notice.rowVersion, method: values.method, deliveredAt: values.deliveredAt.format(), recipient: values.recipient, note: values.note?.trim() || null },
      });
      message.success('已登记送达');
      onClose();
    } catch (e) {
      setError(isApiError(e) && e.code === 'NOTICE_STALE' ? `${e.message}（已重新读取最新记录）` : applyServerErrors(form, e));
    }
  };
  return (
    <Modal open title={`${notice.delivery ? '更正' : '登记'}送达 — ${notice.number}`} okText="保存" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={record.isPending} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="method" label="送达方式" rules={[{ required: true, message: '请选择送达方式' }]}>
          <Select options={DELIVERY_METHODS.map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))} />
        </Form.Item>
        <Form.Item name="deliveredAt" label="送达时间" rules={[{ required: true, message: '请选择送达时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 200 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="recipient" label="签收人" rules={[{ required: true, whitespace: true, message: '请填写签收人' }, { max: 64, message: '签收人不能超过 64 个字符' }]}>
          <Input placeholder="如 法定代表人张某、店长李某" />
        </Form.Item>
        <Form.Item
          name="note" label={method === 'left_at_premises' ? '拒收事由和见证人' : '备注'}
          rules={[{ required: method === 'left_at_premises', whitespace: true, message: '留置送达须写明拒收事由和见证人' }, { max: 500, message: '备注不能超过 500 个字符' }]}
        >
          <Input.TextArea rows={3} placeholder={method === 'left_at_premises' ? '如 负责人拒绝签收，社区工作人员赵某到场见证' : '可留空'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** `compact`: only the number and the delivery (the print page's toolbar shows its own print buttons). */
export function NoticeActions({ taskObjectId, compact = false }: { taskObjectId: string; compact?: boolean }) {
  const status = useNoticeStatus(taskObjectId);
  const issue = useIssueNotice(taskObjectId);
  const { message } = App.useApp();
  const [delivering, setDelivering] = useState(false);
  if (status.isPending) return <Spin size="small" />;
  if (status.isError) return <Alert type="error" showIcon title={errorMessage(status.error)} />;
  const { notice, issueRefusal } = status.data;
  const prints = !compact && (
    <>
      <Link to={noticePrintPath(taskObjectId)}><Button icon={<PrinterOutlined />}>通知书</Button></Link>
      <Link to={recordFormPrintPath(taskObjectId)}><Button icon={<FileTextOutlined />}>实地核查记录表</Button></Link>
    </>
  );
  if (!notice) {
    const onIssue = async () => {
      try {
        const row = await issue.mutateAsync(undefined);
        message.success(`已生成编号：${row.number}`);
      } catch (e) {
        message.error(errorMessage(e));
      }
    };
    return (
      <Space wrap data-testid="notice-actions">
        <Tag>通知书未编号</Tag>
        {issueRefusal === null ? (
          <Popconfirm title="生成行政检查通知书编号" description="按牵头部门本年度顺序编号，编号生成后不能撤销。" okText="生成" cancelText="取消" onConfirm={() => void onIssue()}>
            <Button type="primary" loading={issue.isPending}>生成通知书编号</Button>
          </Popconfirm>
        ) : (
          <Tooltip title={issueRefusal}><Button disabled>生成通知书编号</Button></Tooltip>
        )}
        {prints}
      </Space>
    );
  }
  return (
    <Space wrap data-testid="notice-actions">
      <Typography.Text strong copyable={{ text: notice.number }}>{notice.number}</Typography.Text>
      {notice.delivery ? (
        <Tooltip title={`签收人：${notice.delivery.recipient}${notice.delivery.note ? `；${notice.delivery.note}` : ''}（${notice.delivery.recordedByName} 登记）`}>
          <Tag color="success" icon={<CheckCircleOutlined />}>已送达 · {notice.delivery.methodLabel} · {deliveredAtText(notice.delivery.deliveredAt)}</Tag>
        </Tooltip>
      ) : <Tag color="warning">未登记送达</Tag>}
      {status.data.canRecordDelivery && (
        <Button icon={<SendOutlined />} onClick={() => setDelivering(true)}>{notice.delivery ? '更正送达' : '登记送达'}</Button>
      )}
      {prints}
      {delivering && <DeliveryDialog notice={notice} onClose={() => { setDelivering(false); void status.refetch(); }} />}
    </Space>
  );
}
