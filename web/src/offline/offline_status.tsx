/**
 * What the device holds back, shown plainly (issue #10 item 2): 「离线」 while there is no connection, 「N 条待发送」 while
 * the outbox has entries, and the refused ones with the server's message and what the user can do about them.
 */
import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { formatDateTime } from '../components/format';
import type { OutboxEntry } from './outbox';
import { outbox, useFlush, useOnline, useOutboxEntries } from './outbox_instance';

const objectPath = (taskObjectId: string) => `/inspection/objects/${taskObjectId}`;

function entryTitle(entry: OutboxEntry): string {
  return entry.kind === 'photo' ? `${entry.label}：照片 ${entry.fileName}` : `${entry.label}：检查结果提交`;
}

/** The header's badge: 离线 and N 条待发送, linking to 我的检查. */
export function OfflineBadge() {
  const online = useOnline();
  const entries = useOutboxEntries();
  const refused = entries.some((entry) => entry.state === 'refused');
  if (online && entries.length === 0) return null;
  return (
    <Space size={4} data-testid="offline-badge">
      {!online && <Tag icon={<DisconnectOutlined />} color="orange" style={{ marginInlineEnd: 0 }}>离线</Tag>}
      {entries.length > 0 && (
        <Tooltip title={refused ? '有被退回的待发送内容，请查看' : '录入的内容保存在本机，联网后自动发送'}>
          <Link to="/inspection/my-objects"><Tag color={refused ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>{`${entries.length} 条待发送`}</Tag></Link>
        </Tooltip>
      )}
    </Space>
  );
}

/** The banner of the workbench pages: the state of the connection and of the outbox, 立即发送, and the refused entries. */
export function OutboxBanner() {
  const online = useOnline();
  const entries = useOutboxEntries();
  const flush = useFlush();
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  const refused = entries.filter((entry) => entry.state === 'refused');
  const pending = entries.length - refused.length;

  async function sendNow() {
    setSending(true);
    try {
      const report = await flush();
      if (report.stoppedBy) message.warning(`未能发送：${report.stoppedBy}，内容仍保存在本机`);
      else if (report.sent > 0) message.success(`已发送 ${report.sent} 条`);
      if (report.refused > 0) message.error(`${report.refused} 条被退回，请查看原因`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  if (online && entries.length === 0) return null;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 12 }}>
      {!online && (
        <Alert type="warning" showIcon icon={<DisconnectOutlined />} data-testid="offline-banner"
          title="离线：可以继续查看今天的检查对象、录入结果和拍照，内容保存在本机，恢复网络后自动发送" />
      )}
      {pending > 0 && (
        <Alert type="info" showIcon icon={<CloudSyncOutlined />} data-testid="outbox-banner"
          title={`${pending} 条待发送`}
          action={<Button size="small" type="primary" loading={sending} disabled={!online} onClick={() => void sendNow()}>立即发送</Button>} />
      )}
      {refused.length > 0 && (
        <Alert type="error" showIcon data-testid="outbox-refused" title={`${refused.length} 条未被接受，请修改后重新提交或放弃`}
          description={(
            <List size="small" dataSource={refused} renderItem={(entry) => (
              <List.Item actions={[
                <Link key="fix" to={objectPath(entry.taskObjectId)}>{entry.kind === 'photo' ? '查看' : '修改'}</Link>,
                <Popconfirm key="discard" title="放弃后这条内容将从本机删除，确定？" okText="放弃" cancelText="取消" onConfirm={() => void outbox.discard(entry.seq)}>
                  <Button type="link" size="small" danger>放弃</Button>
                </Popconfirm>,
              ]}>
                <Space orientation="vertical" size={0}>
                  <Typography.Text>{entryTitle(entry)}</Typography.Text>
                  <Typography.Text type="danger">{entry.refusal?.message}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`录入于 ${formatDateTime(entry.queuedAt)}`}</Typography.Text>
                </Space>
              </List.Item>
            )} />
          )} />
      )}
    </Space>
  );
}
