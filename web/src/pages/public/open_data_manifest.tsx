/**
 * 文件清单与校验值 (GET /api/public/open-data/manifest; docs/open-data.md): every year × department file with its rows,
 * size and SHA-256, so a downloaded file can be checked (the files carry no timestamp: same data, same bytes).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Typography, type TableColumnsType } from 'antd';
import { errorMessage } from '../../api/client';
import { useOpenDataManifest, type OpenDataManifest } from '../../api/portal';
import { formatBytes } from '../../components/format';

type ManifestFile = OpenDataManifest['files'][number];

const columns: TableColumnsType<ManifestFile> = [
  { key: 'year', title: '年度', dataIndex: 'year', width: 64 },
  { key: 'dept', title: '部门', dataIndex: 'departmentName', width: 140 },
  { key: 'format', title: '格式', dataIndex: 'format', width: 64, render: (f: string) => f.toUpperCase() },
  { key: 'rows', title: '行数', dataIndex: 'rows', width: 64, align: 'right' },
  { key: 'bytes', title: '大小', dataIndex: 'bytes', width: 88, align: 'right', render: (b: number) => <span title={`${b} 字节`}>{formatBytes(b)}</span> },
  {
    key: 'sha256', title: 'SHA-256', dataIndex: 'sha256', width: 300,
    render: (h: string) => <Typography.Text copyable={{ text: h, tooltips: ['复制', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{h}</Typography.Text>,
  },
  {
    key: 'download', title: '下载', width: 80,
    render: (_: unknown, f) => <Button size="small" type="link" icon={<DownloadOutlined />} href={f.url} download aria-label={`${f.year} 年${f.departmentName} ${f.format.toUpperCase()} 下载`}>下载</Button>,
  },
];

export function OpenDataManifestTable() {
  const manifest = useOpenDataManifest();
  return (
    <div data-open-data-manifest>
      <Typography.Title level={5} style={{ marginTop: 0 }}>文件清单与校验值</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        每个年度、部门的文件的行数、字节数和 SHA-256 校验值。文件中不含生成时间，数据不变时内容不变，下载后可用 <Typography.Text code>sha256sum</Typography.Text> 核对。
      </Typography.Paragraph>
      {manifest.isError && <Alert type="error" showIcon title="文件清单加载失败" description={errorMessage(manifest.error)} />}
      <Table<ManifestFile> size="small" bordered loading={manifest.isPending} columns={columns} dataSource={manifest.data?.files ?? []}
        rowKey={(f) => `${f.year}-${f.departmentId}-${f.format}`} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: '尚无已公示的检查结果' }} />
    </div>
  );
}
