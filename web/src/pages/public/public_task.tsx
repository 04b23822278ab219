/**
 * 实施方案公示 (/public/tasks/:id): what the task checks, how, where and when; each committed draw attempt with its
 * commitment and receipt; and the published matching record (检查组: names, 执法证号, departments — 曲阳第21条).
 */
import { Alert, Card, Descriptions, Grid, List, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { errorMessage, isApiError } from '../../api/client';
import { usePublicMatching, usePublicTask, type PublicMatching } from '../../api/portal';
import { formatDate, formatDateTime } from '../../components/format';
import { PageLoading } from '../../components/page_states';
import { HashText } from '../draws/hash_text';

const ROLE_LABELS = { leader: '组长', member: '组员', expert: '专家' } as const;

function MatchingCard({ matching }: { matching: PublicMatching }) {
  return (
    <Card id="matching" title={`检查人员匹配记录（${matching.teams.length} 个检查组）`} size="small">
      <Typography.Paragraph type="secondary">
        匹配于 {formatDateTime(matching.publishedAt)} 公布；计划检查日期 {formatDate(matching.inspectionDate)}；替换 {matching.replacements} 次。记录哈希 <HashText hash={matching.recordHash} />
      </Typography.Paragraph>
      <List size="small" dataSource={matching.teams} renderItem={(t) => (
        <List.Item style={{ paddingInline: 0 }}>
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>{t.entityName}</Typography.Text>
            <Typography.Text type="secondary">{t.entityCode}</Typography.Text>
            <span>{t.members.map((m) => `${m.name}（${[ROLE_LABELS[m.role], m.departmentName, m.certificateNo, m.appointed ? '直接委派' : ''].filter((x) => x !== '').join('，')}）`).join('；')}</span>
          </Space>
        </List.Item>
      )} />
    </Card>
  );
}

export function PublicTask() {
  const { id = '' } = useParams();
  const task = usePublicTask(id);
  const matching = usePublicMatching(id, task.data?.matchingPublished === true);
  const narrow = Grid.useBreakpoint().md === false;
  if (task.isPending) return <PageLoading />;
  if (task.isError) {
    const missing = isApiError(task.error) && (task.error.status === 404 || task.error.status === 400);
    return <Alert type={missing ? 'warning' : 'error'} showIcon title={missing ? '没有这个已发布的抽查任务' : errorMessage(task.error)} />;
  }
  const t = task.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Link to="/public/tasks">← 返回抽查任务</Link>
      <Card title={<span style={{ whiteSpace: 'normal' }}>{t.name}</span>} extra={<Tag>{t.status}</Tag>} size="small">
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout={narrow ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label="任务编号">{t.code}</Descriptions.Item>
          <Descriptions.Item label="任务类型">{t.kind}{t.planName ? `（${t.planName}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="牵头部门">{t.leadDepartmentName}</Descriptions.Item>
          <Descriptions.Item label="参与部门">{t.participatingDepartmentNames.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="实施期间">{formatDate(t.periodStart)} 至 {formatDate(t.periodEnd)}</Descriptions.Item>
          <Descriptions.Item label="检查方式">{t.methods.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="抽取范围">{t.targeting}；行政区划 {t.regionCodes.join('、')}</Descriptions.Item>
          <Descriptions.Item label="抽取方式">{t.stratified ? '按信用风险分类分层抽取（差异化比例）' : '不分层，统一比例抽取'}；同一主体每年随机抽查不超过 {t.annualCap} 次</Descriptions.Item>
          <Descriptions.Item label="检查组">每个检查对象不少于 {t.teamSize} 名执法人员</Descriptions.Item>
          <Descriptions.Item label="发布时间">{formatDateTime(t.publishedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`检查事项（${t.items.length} 项）`} size="small">
        <List size="small" dataSource={t.items} renderItem={(i) => <List.Item style={{ paddingInline: 0 }}>{i.code} {i.name}</List.Item>} />
      </Card>
      <Card title="抽取记录" size="small">
        {t.draws.length === 0 ? <Typography.Text type="secondary">尚未进行抽取。</Typography.Text> : (
          <List size="small" dataSource={t.draws} renderItem={(d) => (
            <List.Item style={{ paddingInline: 0 }} actions={[<Link key="open" to={`/public/draws/${encodeURIComponent(d.id)}`}>{d.publishedAt ? '凭证与复核' : '承诺'}</Link>]}>
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>第 {d.attempt} 次抽取 · {d.status}</Typography.Text>
                <Typography.Text type="secondary">承诺于 {formatDateTime(d.committedAt)}{d.selectedCount === null ? '' : `，抽中 ${d.selectedCount} 户`}</Typography.Text>
              </Space>
            </List.Item>
          )} />
        )}
      </Card>
      {matching.data && <MatchingCard matching={matching.data} />}
    </Space>
  );
}
