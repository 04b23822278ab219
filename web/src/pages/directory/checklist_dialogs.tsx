/**
 * Publishing a draft (with its 立改废释 reason and a note) and, for a joint list, choosing the
 * departments' 检查事项 to include.
 */
import { Alert, App, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ChangeReason } from '../../../../domain/checklist/types';
import { useJointSources, type PublishBody } from '../../api/checklists';
import { errorMessage } from '../../api/client';
import { applyServerErrors } from '../../components/form_errors';
import { formatDateTime } from '../../components/format';
import { CATEGORY_ENUM, REASON_OPTIONS } from './checklist_labels';
import { ValueTag } from '../../components/value_tag';

export function PublishDialog({ open, version, firstPublication, onClose, onSubmit }: {
  open: boolean;
  version: number;
  firstPublication: boolean;
  onClose: () => void;
  onSubmit: (body: PublishBody) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ changeReason: ChangeReason; changeNote: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(firstPublication ? { changeReason: 'initial', changeNote: '首次制定' } : { changeReason: 'amended', changeNote: '' });
  }, [open, firstPublication, form]);

  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      await onSubmit({ changeReason: values.changeReason, changeNote: values.changeNote.trim() });
      message.success(`第 ${version} 版已发布`);
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`发布第 ${version} 版`} open={open} onOk={() => void submit()} onCancel={onClose} okText="发布" cancelText="取消" confirmLoading={busy} forceRender width={600}>
      <Alert
        type="info"
        showIcon
        style={{ margin: '12px 0 16px' }}
        title={firstPublication ? '发布后本版本即为现行版本，不能再修改。' : '发布后本版本成为现行版本，原现行版本转为历史版本；已发布的版本不能再修改，引用它的计划和任务不受影响。'}
      />
      <Form form={form} name="publish" layout="vertical">
        <Form.Item name="changeReason" label="变更原因（立改废释）" rules={[{ required: true, message: '请选择变更原因' }]}>
          <Select options={REASON_OPTIONS.filter((o) => (firstPublication ? true : o.value !== 'initial'))} />
        </Form.Item>
        <Form.Item name="changeNote" label="变更说明" rules={[{ required: true, whitespace: true, message: '请填写变更说明' }, { min: 2, message: '变更说明至少 2 个字符' }, { max: 450, message: '变更说明不能超过 450 个字符' }]}>
          <Input.TextArea rows={4} placeholder="如：依据修订后的《企业公示信息抽查办法》调整检查依据，新增网络交易经营者检查" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The departments' 检查事项 in force in the region; already included ones cannot be picked again. */
export function JointSourcesDialog({ open, listId, version, onClose, onSubmit }: {
  open: boolean;
  listId: string;
  version: number;
  onClose: () => void;
  onSubmit: (sourceItemIds: string[]) => Promise<void>;
}) {
  const { message } = App.useApp();
  const sources = useJointSources(listId, version, open);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (open) setPicked([]); }, [open]);

  async function submit() {
    if (picked.length === 0) {
      message.warning('请至少选择一个检查事项');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(picked);
      message.success(`已纳入 ${picked.length} 个检查事项`);
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const data = sources.data ?? [];
  return (
    <Modal title="从部门清单纳入检查事项" open={open} onOk={() => void submit()} onCancel={onClose} okText={`纳入${picked.length > 0 ? `（${picked.length}）` : ''}`} cancelText="取消" confirmLoading={busy} width={900}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        以下为本区域各部门清单的现行版本。所选检查事项连同其检查子项、检查内容一并纳入，并记录来源部门和版本。
      </Typography.Paragraph>
      {sources.isError && <Alert type="error" showIcon title="加载失败" description={errorMessage(sources.error)} />}
      {!sources.isPending && data.length === 0 && <Empty description="本区域还没有已发布的部门清单" />}
      <Space orientation="vertical" size={16} style={{ width: '100%', maxHeight: 520, overflowY: 'auto' }}>
        {data.map((source) => (
          <div key={source.checklistId}>
            <Typography.Text strong>{source.departmentName ?? ''}《{source.checklistName}》</Typography.Text>
            <Tag color="green" style={{ marginLeft: 8 }}>第 {source.version} 版</Tag>
            <Typography.Text type="secondary">发布于 {formatDateTime(source.publishedAt)}</Typography.Text>
            <Table
              size="small"
              style={{ marginTop: 8 }}
              rowKey="id"
              pagination={false}
              dataSource={source.items}
              rowSelection={{
                selectedRowKeys: picked.filter((id) => source.items.some((i) => i.id === id)),
                getCheckboxProps: (row) => ({ disabled: row.included }),
                onChange: (keys) => setPicked([...picked.filter((id) => !source.items.some((i) => i.id === id)), ...keys.map(String)]),
              }}
              columns={[
                { key: 'code', title: '编码', dataIndex: 'code', width: 110 },
                { key: 'name', title: '检查事项', dataIndex: 'name' },
                { key: 'category', title: '类别', width: 80, render: (_, row) => <ValueTag value={row.category} valueEnum={CATEGORY_ENUM} /> },
                { key: 'contentCount', title: '检查内容', dataIndex: 'contentCount', width: 90 },
                { key: 'included', title: '状态', width: 100, render: (_, row) => (row.included ? <Tag color="blue">已纳入</Tag> : '—') },
              ]}
            />
          </div>
        ))}
      </Space>
    </Modal>
  );
}
