/**
 * One 专项库: propose candidates (GB/T 4754 codes of any level and 经营范围 keywords, within the department's
 * region), untick what does not belong, confirm as the next version; the version history with each
 * version's members. 长春第7条: 「辅助产生执法检查对象名录库，经有关部门审核确认后实施」.
 */
import { ArrowLeftOutlined, DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Grid, Input, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import {
  tagMembersExportUrl, useConfirmTagVersion, useEntityTag, usePropose, useTagMembers, useTagVersions, type ProposalPage, type TagVersionRow,
} from '../../api/directory';
import { useCan } from '../../auth/current_user';
import { applyServerErrors } from '../../components/form_errors';
import { formatDateTime } from '../../components/format';
import { EmptyState, PageLoading } from '../../components/page_states';
import { useRecordTitle } from '../../layout/record_title';

interface Criteria { industryCodes: string[]; keywords: string[]; includeInactive: boolean }

function criteriaText(c: { industryCodes: readonly string[]; keywords: readonly string[] }) {
  return (
    <Space size={[4, 4]} wrap>
      {c.industryCodes.map((code) => <Tag key={`i${code}`} color="geekblue">行业 {code}</Tag>)}
      {c.keywords.map((k) => <Tag key={`k${k}`} color="cyan">{k}</Tag>)}
    </Space>
  );
}

/**
 * Regenerating starts from the conditions of the version in force (an empty form for a tag never confirmed), so a
 * department changes what it means to change instead of typing the codes and keywords again.
 */
function ProposalPanel({ tagId, nextVersion, current, onConfirmed }: { tagId: string; nextVersion: number; current: Criteria | null; onConfirmed: (v: number) => void }) {
  const [form] = Form.useForm<Criteria>();
  const propose = usePropose(tagId);
  const confirm = useConfirmTagVersion(tagId);
  const { message } = App.useApp();
  const [criteria, setCriteria] = useState<Criteria | null>(null);
  const [page, setPage] = useState<ProposalPage | null>(null);
  const [excluded, setExcluded] = useState<Set<number>>(new Set());
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  // On a phone the fields stack, each as wide as the screen.
  const narrow = Grid.useBreakpoint().md === false;

  async function load(next: Criteria, pageNo: number, pageSize: number) {
    try {
      setPage(await propose.mutateAsync({ ...next, page: pageNo, pageSize }));
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  async function start() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const next = { industryCodes: values.industryCodes, keywords: values.keywords, includeInactive: values.includeInactive };
    setCriteria(next);
    setExcluded(new Set());
    await load(next, 1, page?.pageSize ?? 20);
  }

  async function submit() {
    if (!criteria) return;
    try {
      const version = await confirm.mutateAsync({ ...criteria, excludedEntityIds: [...excluded], note: note.trim() || null });
      message.success(`已确认为第 ${version.version} 版，共 ${version.memberCount} 个检查对象`);
      setConfirming(false);
      setPage(null);
      setCriteria(null);
      setNote('');
      onConfirmed(version.version);
    } catch (error) {
      message.error(errorMessage(error));
    }
  }

  const toggle = (id: number, include: boolean) => setExcluded((prev) => {
    const next = new Set(prev);
    if (include) next.delete(id); else next.add(id);
    return next;
  });
  const members = page ? page.total - excluded.size : 0;

  return (
    <Card title="生成候选名单并确认" size="small">
      {current && <Typography.Paragraph type="secondary">已按现行版本的条件填写，可修改后重新生成候选。</Typography.Paragraph>}
      <Form form={form} layout={narrow ? 'vertical' : 'inline'} initialValues={current ?? { industryCodes: [], keywords: [], includeInactive: false }} style={{ rowGap: 12 }}>
        <Form.Item name="industryCodes" label="行业代码" tooltip="GB/T 4754-2017，任一层级：门类字母（如 F）或 2–4 位代码（如 52、5123）">
          <Select mode="tags" style={{ width: narrow ? '100%' : 260 }} placeholder="如 F、52、5123，回车分隔" tokenSeparators={[',', '，', ' ', '、']} open={false} />
        </Form.Item>
        <Form.Item name="keywords" label="经营范围关键字">
          <Select mode="tags" style={{ width: narrow ? '100%' : 300 }} placeholder="如 食品销售、餐饮服务，回车分隔" tokenSeparators={[',', '，', '、']} open={false} />
        </Form.Item>
        <Form.Item name="includeInactive" valuePropName="checked"><Checkbox>包含注销、吊销等主体</Checkbox></Form.Item>
        <Form.Item><Button type="primary" icon={<SearchOutlined />} loading={propose.isPending} onClick={() => void start()}>生成候选</Button></Form.Item>
      </Form>
      {page && (
        <Space orientation="vertical" size={12} style={{ width: '100%', marginTop: 16 }}>
          <Row gutter={16}>
            <Col xs={12} md={5}><Statistic title="候选总数" value={page.total} /></Col>
            <Col xs={12} md={5}><Statistic title="按行业匹配" value={page.counts.matchedIndustry} /></Col>
            <Col xs={12} md={5}><Statistic title="按关键字匹配" value={page.counts.matchedKeyword} /></Col>
            <Col xs={12} md={5}><Statistic title="已在现行版本" value={page.counts.inCurrentVersion} suffix={`/ ${page.counts.currentMemberCount}`} /></Col>
            <Col xs={12} md={4}><Statistic title="已排除" value={excluded.size} styles={{ content: excluded.size > 0 ? { color: '#cf1322' } : undefined }} /></Col>
          </Row>
          <Typography.Text type="secondary">范围：{page.regionName ?? page.regionPrefix}{page.regionPrefix.length < 6 ? '（含下辖区县）' : ''}；行业前缀 {page.industryPrefixes.join('、') || '无'}。取消勾选不属于本专项库的对象，再确认。</Typography.Text>
          <Table
            size="small" rowKey="id" dataSource={page.rows} loading={propose.isPending} scroll={{ x: 'max-content' }}
            pagination={{
              current: page.page, pageSize: page.pageSize, total: page.total, showSizeChanger: true, showTotal: (t) => `共 ${t} 个候选`,
              onChange: (p, size) => { if (criteria) void load(criteria, p, size); },
            }}
            columns={[
              { key: 'include', title: '纳入', width: 60, render: (_, r) => <Checkbox aria-label={`纳入 ${r.name}`} checked={!excluded.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} /> },
              { key: 'name', title: '名称', width: 260, render: (_, r) => r.name },
              { key: 'region', title: '行政区划', width: 100, render: (_, r) => r.regionName ?? r.regionCode },
              { key: 'code', title: '统一社会信用代码/注册号', width: 190, render: (_, r) => r.code },
              { key: 'industry', title: '行业', width: 200, render: (_, r) => (r.industryCode ? `${r.industryCode} ${r.industryName ?? ''}` : '—') },
              { key: 'scope', title: '经营范围', width: 320, ellipsis: true, render: (_, r) => r.businessScope ?? '—' },
              {
                key: 'matched', title: '匹配', width: 150,
                render: (_, r) => <Space size={4}>{r.matchedIndustry && <Tag color="geekblue">行业</Tag>}{r.matchedKeyword && <Tag color="cyan">关键字</Tag>}{r.inCurrentVersion && <Tag color="green">现行</Tag>}</Space>,
              },
            ]}
          />
          <Button type="primary" disabled={members <= 0} onClick={() => setConfirming(true)}>确认为第 {nextVersion} 版（{members} 个检查对象）</Button>
        </Space>
      )}
      <Modal title={`确认专项库第 ${nextVersion} 版`} open={confirming} onOk={() => void submit()} onCancel={() => setConfirming(false)} okText="确认" cancelText="取消" confirmLoading={confirm.isPending}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={`将按当前条件纳入 ${members} 个检查对象（已排除 ${excluded.size} 个）。确认后形成新版本，原有版本保留。`} />
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="确认说明（选填），如：补充餐饮业行业代码" value={note} onChange={(e) => setNote(e.target.value)} />
        </Space>
      </Modal>
    </Card>
  );
}

function MembersTable({ tagId, version }: { tagId: string; version: number }) {
  const [params, setParams] = useState({ page: 1, pageSize: 20, name: '' });
  const members = useTagMembers(tagId, version, params);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search placeholder="按名称搜索" allowClear onSearch={(name) => setParams({ ...params, page: 1, name })} style={{ width: 260 }} />
        <Button icon={<DownloadOutlined />} href={tagMembersExportUrl(tagId, version)}>导出第 {version} 版</Button>
      </Space>
      <Table
        size="small" rowKey="id" loading={members.isFetching} dataSource={members.data?.rows ?? []} scroll={{ x: 'max-content' }}
        pagination={{ current: params.page, pageSize: params.pageSize, total: members.data?.total ?? 0, showTotal: (t) => `共 ${t} 个`, onChange: (page, pageSize) => setParams({ ...params, page, pageSize }) }}
        columns={[
          { key: 'name', title: '名称', render: (_, r) => r.name },
          { key: 'code', title: '统一社会信用代码/注册号', width: 200, render: (_, r) => r.code },
          { key: 'region', title: '行政区划', width: 100, render: (_, r) => r.regionName ?? r.regionCode },
          { key: 'industry', title: '行业', width: 220, render: (_, r) => (r.industryCode ? `${r.industryCode} ${r.industryName ?? ''}` : '—') },
        ]}
      />
    </Space>
  );
}

export function EntityTagDetailPage() {
  const { id = '' } = useParams();
  const tag = useEntityTag(id);
  useRecordTitle(tag.data?.name);
  const versions = useTagVersions(id);
  const can = useCan();
  const [shown, setShown] = useState<number | null>(null);
  if (tag.isPending) return <PageLoading />;
  if (tag.isError) return <Card><Alert type="error" showIcon title="专项库加载失败" description={errorMessage(tag.error)} /></Card>;
  const row = tag.data;
  const list = versions.data ?? [];
  const visible = shown ?? row.currentVersion;
  const inForce = list.find((v) => v.current) ?? null;
  const editable = row.actions.edit === null && can('directory:entity-tag:update');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ marginBottom: 12 }}><Link to="/directory/entity-tags"><ArrowLeftOutlined /> 返回专项库</Link></Space>
        <Descriptions title={row.name} column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label="维护部门">{row.departmentName}</Descriptions.Item>
          <Descriptions.Item label="现行版本">{row.currentVersion === null ? <Tag color="orange">未确认</Tag> : <Tag color="green">第 {row.currentVersion} 版</Tag>}</Descriptions.Item>
          <Descriptions.Item label="检查对象数">{row.memberCount}</Descriptions.Item>
          <Descriptions.Item label="最近确认">{row.confirmedAt ? `${formatDateTime(row.confirmedAt)} · ${row.confirmedByName ?? ''}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="说明" span={2}>{row.description ?? '—'}</Descriptions.Item>
        </Descriptions>
        {row.actions.edit !== null && <Alert type="info" showIcon title={row.actions.edit} />}
      </Card>
      {editable && !versions.isPending && (
        <ProposalPanel
          key={inForce?.version ?? 0} tagId={row.id} nextVersion={(list[0]?.version ?? 0) + 1} onConfirmed={setShown}
          current={inForce ? { industryCodes: [...inForce.criteria.industryCodes], keywords: [...inForce.criteria.keywords], includeInactive: inForce.criteria.includeInactive } : null}
        />
      )}
      <Card title="版本历史" size="small">
        <Table<TagVersionRow>
          size="small" rowKey="id" loading={versions.isPending} dataSource={list} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState description="尚未确认任何版本" /> }}
          rowClassName={(v) => (v.version === visible ? 'ant-table-row-selected' : '')}
          columns={[
            { key: 'version', title: '版本', width: 110, render: (_, v) => <Space size={4}>第 {v.version} 版{v.current && <Tag color="green">现行</Tag>}</Space> },
            { key: 'criteria', title: '条件', render: (_, v) => criteriaText(v.criteria) },
            { key: 'count', title: '检查对象数', width: 100, render: (_, v) => v.memberCount },
            { key: 'excluded', title: '排除', width: 70, render: (_, v) => v.criteria.excludedEntityIds.length },
            { key: 'confirmed', title: '确认', width: 220, render: (_, v) => `${formatDateTime(v.confirmedAt)} · ${v.confirmedByName ?? ''}` },
            { key: 'note', title: '说明', width: 200, ellipsis: true, render: (_, v) => v.criteria.note ?? '—' },
            { key: 'open', title: '', width: 90, render: (_, v) => <Button type="link" size="small" onClick={() => setShown(v.version)}>查看对象</Button> },
          ]}
        />
      </Card>
      {visible !== null && (
        <Card title={`第 ${visible} 版的检查对象`} size="small">
          <MembersTable key={visible} tagId={row.id} version={visible} />
        </Card>
      )}
    </Space>
  );
}
