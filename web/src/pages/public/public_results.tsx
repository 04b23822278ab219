/**
 * 抽查检查结果公示 (长春第19条–第20条; issue #11 item 1): search by entity name or 统一社会信用代码; each published result
 * with its approved corrections beside it. Fields the department withheld (涉密/国家安全/公共安全) are named, never
 * shown. Text from the API is rendered as text (React escapes it): markup in a name or search term stays markup.
 */
import { Alert, Card, Col, Descriptions, Empty, List, Pagination, Row, Space, Tag, Timeline, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { usePublicResults, type PublicResultRow } from '../../api/portal';
import { formatDate, formatDateTime } from '../../components/format';
import type { SearchField } from '../../components/list_types';
import { SearchForm } from '../../components/search_form';
import { useListQuery } from '../../components/url_query';

const FILTERS = ['keyword', 'creditCode'];
const WITHHELD_LABELS: Record<string, string> = { note: '说明', disposal: '处置情况', itemFindings: '检查事项结论' };

function ResultCard({ r }: { r: PublicResultRow }) {
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{r.entityName}</span>} extra={<Tag color={r.resultCategory === '未发现问题' ? 'green' : 'orange'}>{r.resultCategory}</Tag>} style={{ width: '100%' }}>
      <Row gutter={[16, 12]}>
        <Col xs={24} lg={r.corrections.length > 0 ? 15 : 24}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label="统一社会信用代码"><Typography.Text copyable>{r.creditCode}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label="检查部门">{r.departmentName}</Descriptions.Item>
            <Descriptions.Item label="抽查任务">{r.taskName}（{r.taskCode}）</Descriptions.Item>
            <Descriptions.Item label="检查日期">{formatDate(r.checkDate)}</Descriptions.Item>
            <Descriptions.Item label="检查方式">{r.checkMethod}</Descriptions.Item>
            <Descriptions.Item label="处置情况">{r.disposal ?? '依法不予公开'}</Descriptions.Item>
            {r.note !== null && r.note !== '' && <Descriptions.Item label="说明" span={2}>{r.note}</Descriptions.Item>}
            <Descriptions.Item label="公示时间">{formatDateTime(r.publishedAt)}</Descriptions.Item>
          </Descriptions>
          {r.itemFindings && r.itemFindings.length > 0 && (
            <List size="small" header={<Typography.Text strong>检查事项</Typography.Text>} dataSource={r.itemFindings} renderItem={(f) => (
              <List.Item style={{ paddingInline: 0 }}><span>{f.code} {f.name}</span><Tag style={{ marginInlineEnd: 0 }}>{f.finding}</Tag></List.Item>
            )} />
          )}
          {r.withheldFields.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              依法不予公开的内容（涉及国家秘密、国家安全或公共安全）：{r.withheldFields.map((f) => WITHHELD_LABELS[f] ?? f).join('、')}
            </Typography.Paragraph>
          )}
        </Col>
        {r.corrections.length > 0 && (
          <Col xs={24} lg={9}>
            <Card size="small" type="inner" title="更正记录" styles={{ body: { paddingBottom: 0 } }}>
              <Timeline items={r.corrections.map((c) => ({
                key: c.seq,
                children: (
                  <Space orientation="vertical" size={2}>
                    <Typography.Text strong>第 {c.seq} 次更正 · {formatDateTime(c.approvedAt)}</Typography.Text>
                    <Typography.Text type="secondary">原因：{c.reason}</Typography.Text>
                    {c.changes.map((x) => <span key={x.field}>{x.label}：{x.value}</span>)}
                  </Space>
                ),
              }))} />
            </Card>
          </Col>
        )}
      </Row>
    </Card>
  );
}

export function PublicResults() {
  const query = useListQuery(FILTERS, 10);
  const searched = Boolean(query.filters['keyword'] ?? query.filters['creditCode']);
  const results = usePublicResults({ ...query.filters, page: query.page, pageSize: query.pageSize }, searched);
  const fields: SearchField[] = [
    { kind: 'text', name: 'keyword', label: '主体名称', placeholder: '输入市场主体名称中的字词' },
    { kind: 'text', name: 'creditCode', label: '统一社会信用代码', placeholder: '18 位统一社会信用代码' },
  ];
  return (
    <>
      <SearchForm fields={fields} filters={query.filters} onSearch={query.search} />
      {results.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(results.error)} style={{ marginBottom: 16 }} />}
      {!searched ? <Empty description="输入市场主体名称或统一社会信用代码，查询其抽查检查结果" /> : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary" aria-live="polite">{results.isFetching ? '正在查询…' : `共 ${results.data?.total ?? 0}${results.data?.totalIsLowerBound ? '+' : ''} 条已公示的检查结果`}</Typography.Text>
          {(results.data?.rows ?? []).map((r) => <ResultCard key={r.id} r={r} />)}
          {results.data && results.data.total === 0 && <Empty description="没有找到已公示的检查结果" />}
          {results.data && results.data.total > query.pageSize && (
            <Pagination current={query.page} pageSize={query.pageSize} total={results.data.total} onChange={query.setPage} showSizeChanger={false} size="small" />
          )}
        </Space>
      )}
    </>
  );
}
