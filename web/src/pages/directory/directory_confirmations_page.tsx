/**
 * 两库确认 (长春第7条 「各级各有关部门每次组织抽查活动前必须对“两库”进行更新确认，并对其真实性、及时性负责」):
 * whether the department's 检查对象名录库 and 执法检查人员名录库 were confirmed within the time limit (a draw is
 * refused otherwise), the confirm buttons with a note, and the history of confirmations.
 */
import { CheckCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Grid, Input, InputNumber, Modal, Row, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import type { DirectoryKind } from '../../../../domain/directory/freshness';
import { errorMessage } from '../../api/client';
import { confirmationsApi, useDirectorySettings, useFreshness, useUpdateDirectorySettings, type ConfirmationRow, type FreshnessReport } from '../../api/directory';
import { useCan, useCurrentUser } from '../../auth/current_user';
import { DepartmentSelect } from '../../components/department_select';
import { formatDateTime } from '../../components/format';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { ValueTag } from '../../components/value_tag';
import { ConfirmationOverviewCard } from './confirmation_overview';
import { DIRECTORY_ENUM, FRESHNESS_ENUM } from './directory_labels';

const COLUMNS: readonly ListColumn<ConfirmationRow>[] = [
  { key: 'confirmedAt', title: '确认时间', dataIndex: 'confirmedAt', valueType: 'dateTime', width: 170 },
  {
    key: 'department', title: '部门', dataIndex: 'departmentName', ellipsis: true, width: 240,
    search: { kind: 'custom', name: 'departmentId', input: <DepartmentSelect style={{ width: 220 }} /> },
  },
  { key: 'directory', title: '名录库', dataIndex: 'directory', valueEnum: DIRECTORY_ENUM, search: true, width: 150 },
  { key: 'confirmedByName', title: '确认人', dataIndex: 'confirmedByName', width: 110 },
  { key: 'note', title: '说明', dataIndex: 'note', ellipsis: true, width: 320 },
];

function ConfirmDialog({ target, departmentId, onClose }: { target: { directory: DirectoryKind; label: string } | null; departmentId: string | undefined; onClose: () => void }) {
  const create = confirmationsApi.useCreate();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  async function submit() {
    if (!target) return;
    try {
      await create.mutateAsync({ directory: target.directory, note: note.trim() || null, ...(departmentId ? { departmentId } : {}) });
      message.success(`已确认${target.label}为最新`);
      setNote('');
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  return (
    <Modal title={target ? `确认${target.label}` : '确认名录库'} open={target !== null} onOk={() => void submit()} onCancel={onClose} okText="确认为最新" cancelText="取消" confirmLoading={create.isPending}>
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 20 }}>
        <Typography.Paragraph>请先完成本次更新（新增、变更、注销、调离等），再确认名录库真实、及时。确认记录确认人与时间，并记入操作日志。</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={300} showCount value={note} onChange={(e) => setNote(e.target.value)} placeholder="说明（选填），如：已同步登记机关 10 月变更数据" />
      </Space>
    </Modal>
  );
}

function FreshnessCards({ report, onConfirm }: { report: FreshnessReport; onConfirm: (directory: DirectoryKind, label: string) => void }) {
  const can = useCan();
  return (
    <Row gutter={[16, 16]}>
      {report.directories.map((d) => (
        <Col xs={24} md={12} key={d.directory}>
          <Card size="small" title={<Space><SafetyOutlined />{d.label}</Space>} extra={<ValueTag value={d.status} valueEnum={FRESHNESS_ENUM} />}>
            <Row gutter={12}>
              <Col span={10}><Statistic title="最近确认" value={d.lastConfirmedAt ? formatDateTime(d.lastConfirmedAt) : '从未确认'} styles={{ content: { fontSize: 16 } }} /></Col>
              <Col span={6}><Statistic title="确认人" value={d.confirmedByName ?? '—'} styles={{ content: { fontSize: 16 } }} /></Col>
              <Col span={8}><Statistic title="距今" value={d.ageDays ?? '—'} suffix={d.ageDays === null ? undefined : `/ ${report.maxAgeDays} 天`} styles={{ content: { fontSize: 16, color: d.status === 'fresh' ? undefined : '#cf1322' } }} /></Col>
            </Row>
            {can('directory:confirmation:create') && (
              <Button type={d.status === 'fresh' ? 'default' : 'primary'} icon={<CheckCircleOutlined />} style={{ marginTop: 12 }} onClick={() => onConfirm(d.directory, d.label)}>确认为最新</Button>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function SettingEditor() {
  const settings = useDirectorySettings();
  const update = useUpdateDirectorySettings();
  const { message } = App.useApp();
  const [days, setDays] = useState<number | null>(null);
  if (!settings.data) return null;
  const value = days ?? settings.data.freshnessDays;
  return (
    <Space>
      <Typography.Text>确认时限</Typography.Text>
      <InputNumber min={1} max={366} value={value} onChange={(v) => setDays(v)} suffix="天" style={{ width: 120 }} aria-label="确认时限（天）" />
      <Button
        disabled={value === settings.data.freshnessDays} loading={update.isPending}
        onClick={() => update.mutate({ freshnessDays: value }, { onSuccess: () => { message.success('已修改确认时限'); setDays(null); }, onError: (e) => { message.error(errorMessage(e)); } })}
      >保存</Button>
    </Space>
  );
}

export function DirectoryConfirmationsPage() {
  const me = useCurrentUser();
  const can = useCan();
  const [departmentId, setDepartmentId] = useState<string | undefined>(me.department?.id);
  const freshness = useFreshness(departmentId);
  const [target, setTarget] = useState<{ directory: DirectoryKind; label: string } | null>(null);
  const report = freshness.data;
  // On a phone the controls go below the card title, which has no room for them.
  const narrow = Grid.useBreakpoint().md === false;
  const departmentSelect = <DepartmentSelect value={departmentId} onChange={setDepartmentId} style={{ width: narrow ? '100%' : 260 }} placeholder="选择部门" />;
  const settingEditor = can('directory:setting:update') && <SettingEditor />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ConfirmationOverviewCard onOpen={(id) => { setDepartmentId(id); window.scrollTo({ top: document.getElementById('confirmation-status')?.offsetTop ?? 0, behavior: 'smooth' }); }} />
      <Card
        id="confirmation-status" title="两库确认状态" variant="borderless"
        extra={narrow ? undefined : <Space size={16}>{settingEditor}{departmentSelect}</Space>}
      >
        {narrow && <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>{settingEditor}{departmentSelect}</Space>}
        {!departmentId && !me.department && <Alert type="info" showIcon title="请选择要查看的部门" />}
        {freshness.isError && departmentId && <Alert type="error" showIcon title={errorMessage(freshness.error)} />}
        {report && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {report.ok
              ? <Alert type="success" showIcon title={`${report.departmentName} 的两库均在 ${report.maxAgeDays} 天确认时限内，可以组织抽取`} />
              : <Alert type="error" showIcon title="抽取前须更新并确认两库" description={report.message} />}
            <FreshnessCards report={report} onConfirm={(directory, label) => setTarget({ directory, label })} />
          </Space>
        )}
      </Card>
      <ListPage noun="确认记录" api={confirmationsApi} columns={COLUMNS} rowKey={(row) => row.id} rowLabel={(row) => `${row.departmentName} ${row.directoryLabel}`} />
      <ConfirmDialog target={target} departmentId={departmentId} onClose={() => setTarget(null)} />
    </Space>
  );
}
