/**
 * 证明材料 of one of the entity's objections (威海第11条 申请材料; server/modules/objections/attachment_routes.ts): the
 * files it attached — name, size, time — and the upload while the objection awaits its decision (at most 5, ≤ 10 MB
 * each, types by content). When no more can be added the control stays visible, disabled, with the reason beside it.
 */
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, List, Space, Typography, Upload } from 'antd';
import { useEntityObjectionAttachments, useUploadObjectionAttachment, type EntityObjectionView } from '../../api/objections';
import { formatBytes, formatDateTime } from '../../components/format';
import { localRefusal, OBJECTION_FILE_ACCEPT, OBJECTION_FILE_HINT, uploadBlockedReason, uploadRefusal } from './objection_file_rules';

export function EntityObjectionFiles({ objection }: { objection: EntityObjectionView }) {
  const files = useEntityObjectionAttachments(objection.id);
  const upload = useUploadObjectionAttachment(objection.id);
  const { message } = App.useApp();
  const rows = files.data?.rows ?? [];
  const blocked = files.data ? uploadBlockedReason(objection.status, rows.length) : null;

  async function send(file: File) {
    const refused = localRefusal(file);
    if (refused) {
      message.error(refused);
      return;
    }
    try {
      await upload.mutateAsync(file);
      message.success(`已上传“${file.name}”`);
    } catch (error) {
      message.error(uploadRefusal(error, file.name));
    }
  }

  return (
    <div data-objection-files>
      <Typography.Text type="secondary">证明材料：</Typography.Text>
      {rows.length > 0 ? (
        <List size="small" dataSource={rows} style={{ marginBottom: 8 }} renderItem={(f) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
              <Typography.Text style={{ wordBreak: 'break-all' }}><PaperClipOutlined /> {f.fileName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${formatBytes(f.byteSize)} · ${formatDateTime(f.uploadedAt)}`}</Typography.Text>
            </Space>
          </List.Item>
        )} />
      ) : <Typography.Text type="secondary">{files.isPending ? '加载中…' : '无'}</Typography.Text>}
      <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 4 }}>
        <Upload accept={OBJECTION_FILE_ACCEPT} showUploadList={false} disabled={blocked !== null || upload.isPending}
          beforeUpload={(file) => { void send(file); return false; }}>
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} disabled={blocked !== null || !files.data}>上传证明材料</Button>
        </Upload>
        <Typography.Text type={blocked ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>{blocked ?? OBJECTION_FILE_HINT}</Typography.Text>
      </Space>
    </div>
  );
}
