/**
 * 现场照片 of an object: those the server holds, and those still on the device (待发送, or refused with the server's
 * reason). A photo is taken with the phone's camera (capture="environment") and goes into the outbox first, so a
 * photo taken at a door without signal is never lost.
 */
import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Card, Image, Popconfirm, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import type { AttachmentView } from '../../api/inspection';
import type { PhotoEntry } from '../../offline/outbox';
import { newClientId, outbox, useFlush, useOnline, useOutboxEntries } from '../../offline/outbox_instance';
import { AttachmentGallery } from './result_summary';

function DevicePhotos({ entries }: { entries: readonly PhotoEntry[] }) {
  const urls = useMemo(() => entries.map((entry) => ({ entry, url: URL.createObjectURL(entry.blob) })), [entries]);
  useEffect(() => () => { for (const { url } of urls) URL.revokeObjectURL(url); }, [urls]);
  if (urls.length === 0) return null;
  return (
    <Space wrap size={8} align="start">
      {urls.map(({ entry, url }) => (
        <Space key={entry.seq} orientation="vertical" size={2} style={{ width: 96 }}>
          <Image width={96} height={96} style={{ objectFit: 'cover' }} src={url} alt={entry.fileName} />
          {entry.state === 'refused' ? (
            <>
              <Typography.Text type="danger" style={{ fontSize: 12 }}>{entry.refusal?.message}</Typography.Text>
              <Popconfirm title="从本机删除这张照片？" okText="删除" cancelText="取消" onConfirm={() => void outbox.discard(entry.seq)}>
                <Button size="small" danger>删除</Button>
              </Popconfirm>
            </>
          ) : <Tag color="purple">待发送</Tag>}
        </Space>
      ))}
    </Space>
  );
}

export function PhotoSection({ taskObjectId, label, attachments, canAdd }: { taskObjectId: string; label: string; attachments: readonly AttachmentView[]; canAdd: boolean }) {
  const entries = useOutboxEntries();
  const online = useOnline();
  const flush = useFlush();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const onDevice = useMemo(() => entries.filter((e): e is PhotoEntry => e.kind === 'photo' && e.taskObjectId === taskObjectId), [entries, taskObjectId]);

  async function add(list: FileList | null) {
    // The list is live: read it before the input is cleared for the next photo.
    const files = list ? [...list] : [];
    if (input.current) input.current.value = '';
    if (files.length === 0) return;
    for (const file of files) {
      await outbox.addPhoto({ clientId: newClientId(), taskObjectId, label, blob: file, fileName: file.name || 'photo.jpg' });
    }
    message.success(online ? `已添加 ${files.length} 张照片，正在发送` : `已保存 ${files.length} 张照片到本机，恢复网络后发送`);
    if (online) void flush();
  }

  return (
    <Card size="small" title="现场照片" style={{ marginTop: 12 }} extra={canAdd ? (
      <Button icon={<CameraOutlined />} onClick={() => input.current?.click()}>拍照 / 选择照片</Button>
    ) : null}>
      <input ref={input} type="file" accept="image/*" capture="environment" multiple hidden data-testid="photo-input"
        onChange={(e) => void add(e.target.files)} />
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {(attachments.length > 0 || onDevice.length === 0) && <AttachmentGallery attachments={attachments} emptyText={canAdd ? '还没有照片：点「拍照 / 选择照片」添加，没有网络也可以拍' : '没有照片'} />}
        <DevicePhotos entries={onDevice} />
      </Space>
    </Card>
  );
}
