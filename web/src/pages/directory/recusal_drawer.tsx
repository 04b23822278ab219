/**
 * 回避 of one inspector or expert (威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」): the declarations,
 * active first; declaring a new one (an entity from the directory or a named person, with the reason); withdrawing
 * one (it stays in the list, marked 已撤回). Both steps are in the operation log. Experts' declarations live under
 * /api/directory/experts/:id/conflicts and are used by the expert draw and the expert replacement.
 */
import { App, Button, Drawer, Empty, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { fetchEntityChoices, useDeclareRecusal, useRecusals, useWithdrawRecusal, type DeclarationRow, type EntityChoiceRow, type RecusalOwner } from '../../api/directory';
import type { Permission } from '../../../../domain/access/permissions';
import { useCan } from '../../auth/current_user';
import { applyServerErrors } from '../../components/form_errors';
import { formatDateTime } from '../../components/format';

function EntityPicker({ owner, ownerId, value, onChange, id }: { owner: RecusalOwner; ownerId: string; value?: number; onChange?: (v: number | undefined) => void; id?: string }) {
  const [options, setOptions] = useState<EntityChoiceRow[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef('');
  async function search(keyword: string) {
    latest.current = keyword;
    if (keyword.trim().length < 2) { setOptions([]); return; }
    setLoading(true);
    try {
      const rows = await fetchEntityChoices(owner, ownerId, keyword.trim());
      if (latest.current === keyword) setOptions(rows);
    } finally {
      setLoading(false);
    }
  }
  return (
    <Select
      id={id} value={value} onChange={(v: number | undefined) => onChange?.(v)} allowClear placeholder="输入名称或统一社会信用代码（至少 2 个字）搜索"
      showSearch={{ filterOption: false, onSearch: (k) => void search(k) }} loading={loading}
      notFoundContent={loading ? '搜索中…' : '没有找到，请换个关键字'}
      options={options.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）` }))}
    />
  );
}

interface DeclareValues { kind: 'entity' | 'person'; entityId?: number; personName?: string; reason: string }

/** Whose declarations the drawer shows: the row's id and how it is named. */
export interface RecusalSubject { readonly id: string; readonly title: string }

const TEXTS: Readonly<Record<RecusalOwner, { intro: string; personHint: string; permission: Permission }>> = {
  inspectors: {
    intro: '执法检查人员与检查对象有利害关系的，应当申请回避。抽取执法检查人员时，有效的回避登记将被排除匹配。',
    personHint: '与执法检查人员有利害关系的人员姓名', permission: 'directory:inspector:update',
  },
  experts: {
    intro: '专家与检查对象有利害关系的，应当回避。抽取或替换专家时，有效的回避登记将被排除：登记的检查对象，以及法定代表人为登记人员的检查对象；近期检查过同一主体的专家也按任务的回避年限排除。',
    personHint: '与专家有利害关系的人员姓名（如任法定代表人的近亲属）', permission: 'directory:expert:update',
  },
};

function DeclareForm({ owner, subject }: { owner: RecusalOwner; subject: RecusalSubject }) {
  const [form] = Form.useForm<DeclareValues>();
  const declare = useDeclareRecusal(owner, subject.id);
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form) ?? 'entity';
  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await declare.mutateAsync({
        entityId: values.kind === 'entity' ? values.entityId ?? null : null,
        personName: values.kind === 'person' ? values.personName?.trim() ?? null : null,
        reason: values.reason.trim(),
      });
      message.success('已登记回避');
      form.resetFields();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'entity' }} style={{ background: '#fafafa', padding: 16, borderRadius: 8 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>登记回避</Typography.Title>
      <Form.Item name="kind" label="回避对象">
        <Radio.Group options={[{ value: 'entity', label: '检查对象（名录库中的主体）' }, { value: 'person', label: '人员（如近亲属）' }]} />
      </Form.Item>
      {kind === 'entity' ? (
        <Form.Item name="entityId" label="检查对象" rules={[{ required: true, message: '请选择检查对象' }]}>
          <EntityPicker owner={owner} ownerId={subject.id} />
        </Form.Item>
      ) : (
        <Form.Item name="personName" label="人员姓名" rules={[{ required: true, whitespace: true, message: '请输入人员姓名' }, { max: 64, message: '不能超过 64 个字符' }]}>
          <Input placeholder={TEXTS[owner].personHint} />
        </Form.Item>
      )}
      <Form.Item name="reason" label="回避理由" rules={[{ required: true, whitespace: true, message: '请填写回避理由' }, { min: 2, max: 200, message: '回避理由应为 2–200 个字' }]}>
        <Input.TextArea rows={2} placeholder="如：配偶任该公司法定代表人" maxLength={200} showCount />
      </Form.Item>
      <Button type="primary" onClick={() => void submit()} loading={declare.isPending}>登记</Button>
    </Form>
  );
}

export function RecusalDrawer({ owner, subject, onClose }: { owner: RecusalOwner; subject: RecusalSubject | null; onClose: () => void }) {
  const recusals = useRecusals(owner, subject?.id ?? null);
  const withdraw = useWithdrawRecusal(owner, subject?.id ?? '');
  const can = useCan();
  const { message, modal } = App.useApp();
  const editable = can(TEXTS[owner].permission);

  function confirmWithdraw(row: DeclarationRow) {
    let reason = '';
    modal.confirm({
      title: `撤回对「${row.entityName ?? row.personName ?? ''}」的回避登记？`,
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">撤回后该记录仍保留（标记为已撤回），并记入操作日志。</Typography.Text>
          <Input.TextArea rows={2} maxLength={200} placeholder="撤回理由（选填）" onChange={(e) => { reason = e.target.value; }} />
        </Space>
      ),
      okText: '撤回', cancelText: '取消',
      onOk: async () => {
        try {
          await withdraw.mutateAsync({ id: row.id, reason: reason.trim() || null });
          message.success('已撤回');
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });
  }

  return (
    <Drawer title={subject ? `回避登记：${subject.title}` : '回避登记'} open={subject !== null} onClose={onClose} size={720} destroyOnHidden>
      {subject && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {TEXTS[owner].intro}
            {owner === 'inspectors' && !editable && can('directory:recusal:apply') && <> <Link to="/directory/recusal-applications">申请回避</Link>（由部门负责人审批）</>}
          </Typography.Paragraph>
          <Table<DeclarationRow>
            size="small" rowKey="id" loading={recusals.isPending} dataSource={recusals.data ?? []} pagination={false} scroll={{ x: 620 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有回避登记" /> }}
            columns={[
              { key: 'target', title: '回避对象', render: (_, r) => (r.entityName ? <span>{r.entityName}<br /><Typography.Text type="secondary">{r.entityCode}</Typography.Text></span> : <span>{r.personName}<Tag style={{ marginLeft: 6 }}>人员</Tag></span>) },
              { key: 'reason', title: '理由', render: (_, r) => r.reason },
              { key: 'declared', title: '登记', width: 170, render: (_, r) => <span>{formatDateTime(r.declaredAt)}<br /><Typography.Text type="secondary">{r.createdByName ?? '—'}</Typography.Text></span> },
              { key: 'state', title: '状态', width: 90, render: (_, r) => (r.active ? <Tag color="volcano">有效</Tag> : <span><Tag>已撤回</Tag><br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(r.withdrawnAt)}</Typography.Text></span>) },
              ...(editable ? [{ key: 'actions', title: '操作', width: 70, render: (_: unknown, r: DeclarationRow) => (r.active ? <Button type="link" size="small" danger onClick={() => confirmWithdraw(r)}>撤回</Button> : null) }] : []),
            ]}
          />
          {editable && <DeclareForm owner={owner} subject={subject} />}
        </Space>
      )}
    </Drawer>
  );
}
