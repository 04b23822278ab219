/**
 * 文件清单与校验值 (GET /api/public/open-data/manifest; docs/open-data.md): every year × department file with its rows,
 * size and SHA-256, so a downloaded file can be checked (the files carry no timestamp: same data, same bytes).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Grid, List, Space, Table, Typography, type TableColumnsType } from 'antd';
import { errorMessage } from '../../api/client';
import { useOpenDataManifest, type OpenDataManifest } from '../../api/portal';
import { formatBytes } from '../../components/format';

type ManifestFile = OpenDataManifest['files'][number];

const label = (f: ManifestFile) => `${f.year} 年${f.departmentName} ${f.format.toUpperCase()}`;
const Hash = ({ value }: { value: string }) => (
  <Typography.Text copyable={{ text: value, tooltips: ['复制', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{value}</Typography.Text>
);
const Download = ({ file }: { file: ManifestFile }) => (
  <Button size="small" type="link" icon={<DownloadOutlined />} href={file.url} download aria-label={`${label(file)} 下载`}>下载</Button>
);

const columns: TableColumnsType<ManifestFile> = [
  { key: 'year', title: '年度', dataIndex: 'year', width: 64 },
  { key: 'dept', title: '部门', dataIndex: 'departmentName', width: 140 },
  { key: 'format', title: '格式', dataIndex: 'format', width: 64, render: (f: string) => f.toUpperCase() },
  { key: 'rows', title: '行数', dataIndex: 'rows', width: 64, align: 'right' },
  { key: 'bytes', title: '大小', dataIndex: 'bytes', width: 88, align: 'right', render: (b: number) => <span title={`${b} 字节`}>{formatBytes(b)}</span> },
  {
    key: 'sha256', title: 'SHA-256', dataIndex: 'sha256', width: 540,
    render: (h: string) => <Hash value={h} />,
  },
  {
    key: 'download', title: '下载', width: 80,
    render: (_: unknown, f) => <Download file={f} />,
  },
];

/** On a phone each file is a card-like row: the hash wraps under its name instead of scrolling sideways. */
function PhoneList({ files, loading }: { files: readonly ManifestFile[]; loading: boolean }) {
  return (
    <List size="small" bordered loading={loading} dataSource={[...files]} locale={{ emptyText: '尚无已公示的检查结果' }} renderItem={(f) => (
      <List.Item style={{ display: 'block' }} data-manifest-file>
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text strong>{label(f)}</Typography.Text>
          <Download file={f} />
        </Space>
        <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${f.rows} 行 · ${formatBytes(f.bytes)}（${f.bytes} 字节）`}</Typography.Text></div>
        <Hash value={f.sha256} />
      </List.Item>
    )} />
  );
}

export function OpenDataManifestTable() {
  const manifest = useOpenDataManifest();
  const phone = Grid.useBreakpoint().md === false;
  const files = manifest.data?.files ?? [];
  return (
    <div data-open-data-manifest>
      <Typography.Title level={5} style={{ marginTop: 0 }}>文件清单与校验值</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        每个年度、部门的文件的行数、字节数和 SHA-256 校验值。文件中不含生成时间，数据不变时内容不变，下载后可用 <Typography.Text code>sha256sum</Typography.Text> 核对。
      </Typography.Paragraph>
      {manifest.isError && <Alert type="error" showIcon title="文件清单加载失败" description={errorMessage(manifest.error)} />}
      {phone ? <PhoneList files={files} loading={manifest.isPending} /> : (
        <Table<ManifestFile> size="small" bordered loading={manifest.isPending} columns={columns} dataSource={files}
          rowKey={(f) => `${f.year}-${f.departmentId}-${f.format}`} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: '尚无已公示的检查结果' }} />
      )}
    </div>
  );
}
