/**
 * 开放数据 (issue #11 item 1): the published inspection results per year and department as CSV (opens in Excel) or
 * JSON, with the field list of docs/open-data.md. Downloads are streamed by the server; nothing private is in them.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Empty, List, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { openDataUrl, useOpenDataIndex, type OpenDataRow } from '../../api/portal';
import { OpenDataManifestTable } from './open_data_manifest';

const FIELDS: readonly [string, string][] = [
  ['id', '结果编号'], ['taskCode / taskName', '抽查任务编号与名称'], ['departmentName', '检查部门'], ['entityName / creditCode', '市场主体名称与统一社会信用代码'],
  ['regionCode', '行政区划代码'], ['checkDate / checkMethod', '检查日期与方式'], ['resultCategory', '检查结果'], ['disposal / note', '处置情况与说明（依法不公开时为空）'],
  ['itemFindings', '各检查事项的结论'], ['withheldFields', '依法不公开的字段'], ['publishedAt', '公示时间'], ['corrections', '已批准的更正'],
];

function Downloads({ year, departmentId, label }: { year: number; departmentId?: string; label: string }) {
  return (
    <Space wrap>
      <Button size="small" icon={<DownloadOutlined />} href={openDataUrl('csv', year, departmentId)} download aria-label={`${label} CSV`}>CSV</Button>
      <Button size="small" icon={<DownloadOutlined />} href={openDataUrl('json', year, departmentId)} download aria-label={`${label} JSON`}>JSON</Button>
    </Space>
  );
}

export function PublicOpenData() {
  const index = useOpenDataIndex();
  const years = new Map<number, OpenDataRow[]>();
  for (const r of index.data?.rows ?? []) years.set(r.year, [...(years.get(r.year) ?? []), r]);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        已公示的抽查检查结果按年度、部门提供下载，可自由使用。格式：<Typography.Text code>suiji-open-results/1</Typography.Text>，CSV 为 UTF-8 编码（可直接用 Excel 打开），JSON 含相同字段。
      </Typography.Paragraph>
      {index.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(index.error)} />}
      {index.data?.rows.length === 0 && <Empty description="尚无已公示的检查结果" />}
      {[...years].map(([year, rows]) => (
        <List key={year} size="small" bordered header={(
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text strong>{year} 年 · 全部部门（{rows.reduce((n, r) => n + r.results, 0)} 条）</Typography.Text>
            <Downloads year={year} label={`${year} 年全部部门`} />
          </Space>
        )} dataSource={rows} renderItem={(r) => (
          <List.Item>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <span>{r.departmentName}（{r.results} 条）</span>
              <Downloads year={year} departmentId={r.departmentId} label={`${year} 年${r.departmentName}`} />
            </Space>
          </List.Item>
        )} />
      ))}
      <OpenDataManifestTable />
      <Collapse size="small" items={[{ key: 'schema', label: '字段说明', children: (
        <List size="small" dataSource={FIELDS} renderItem={([k, v]) => <List.Item style={{ paddingInline: 0 }}><Typography.Text code>{k}</Typography.Text><span>{v}</span></List.Item>} />
      ) }]} />
    </Space>
  );
}
