/**
 * 证明材料 the entity attached to its objection (server/modules/objections/attachment_routes.ts), for the reviewing
 * department: name, size, time, SHA-256 and the download (the server names the type by content, nosniff).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Card, List, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { objectionAttachmentUrl, useObjectionAttachments } from '../../api/objections';
import { formatBytes, formatDateTime } from '../../components/format';

export function ObjectionAttachments({ objectionId }: { objectionId: string }) {
  const files = useObjectionAttachments(objectionId);
  const rows = files.data?.rows ?? [];
  return (
    <Card size="small" title={`证明材料${files.data ? `（${rows.length} 份）` : ''}`} style={{ marginTop: 12 }} loading={files.isPending} data-objection-attachments>
      {files.isError && <Alert type="error" showIcon title="证明材料加载失败" description={errorMessage(files.error)} />}
      {files.data && rows.length === 0 && <Typography.Text type="secondary">检查对象未上传证明材料</Typography.Text>}
      {rows.length > 0 && (
        <List size="small" dataSource={rows} renderItem={(f) => (
          <List.Item style={{ paddingInline: 0 }} actions={[
            <a key="download" href={objectionAttachmentUrl(f.id)} download={f.fileName} aria-label={`下载 ${f.fileName}`}><DownloadOutlined /> 下载</a>,
          ]}>
            <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
              <Typography.Text style={{ wordBreak: 'break-all' }}>{f.fileName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${formatBytes(f.byteSize)} · ${formatDateTime(f.uploadedAt)}`}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace', wordBreak: 'break-all' }} copyable={{ text: f.sha256 }}>{`SHA-256 ${f.sha256.slice(0, 16)}…`}</Typography.Text>
            </Space>
          </List.Item>
        )} />
      )}
    </Card>
  );
}
