/**
 * 留痕检查点: the signed checkpoints of the operation-log head, the public key that checks them,
 * 立即生成检查点 and 导出 (JSON Lines for `npm run cli -- audit verify --checkpoints FILE`). A copy
 * kept outside the database is what proves the log was not cut short or recomputed.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { checkpointsApi, useCheckpointKey, useCreateCheckpoint, type Checkpoint } from '../../api/audit';
import { useCan } from '../../auth/current_user';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';

const mono = { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' } as const;

const COLUMNS: readonly ListColumn<Checkpoint>[] = [
  { key: 'seq', title: '日志序号', dataIndex: 'seq', width: 100 },
  { key: 'at', title: '签名时间', dataIndex: 'at', valueType: 'dateTime', width: 170 },
  { key: 'headHash', title: '链头哈希', width: 300, ellipsis: true, render: (row) => <Typography.Text copyable={{ text: row.headHash }} style={mono}>{row.headHash}</Typography.Text> },
  { key: 'keyId', title: '密钥编号', width: 170, render: (row) => <Typography.Text style={mono}>{row.keyId}</Typography.Text> },
  { key: 'signature', title: '签名', ellipsis: true, render: (row) => <Typography.Text copyable={{ text: JSON.stringify(row) }} style={mono}>{row.signature}</Typography.Text> },
];

function PublicKeyCard() {
  const key = useCheckpointKey();
  return (
    <Card size="small" title="验签公钥（Ed25519）" style={{ marginBottom: 16 }} loading={key.isPending}>
      {key.isError && <Alert type="error" showIcon title={errorMessage(key.error)} />}
      {key.data && (
        <Descriptions column={1} size="small" styles={{ label: { width: 130, whiteSpace: 'nowrap' } }} items={[
          { key: 'id', label: '密钥编号', children: <Typography.Text copyable style={mono}>{key.data.keyId}</Typography.Text> },
          { key: 'raw', label: '公钥（base64）', children: <Typography.Text copyable style={mono}>{key.data.publicKeyBase64}</Typography.Text> },
          { key: 'pem', label: '公钥（PEM）', children: <Typography.Paragraph copyable style={{ ...mono, whiteSpace: 'pre-wrap', margin: 0 }}>{key.data.publicKeyPem}</Typography.Paragraph> },
        ]} />
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        检查点由保存在应用服务器上、不在数据库中的私钥签名。请把导出的检查点和公钥保存在数据库之外；之后用
        <Typography.Text code>npm run cli -- audit verify --checkpoints 文件 --public-key 公钥文件</Typography.Text>
        校验，可发现日志尾部被删除、被清空或被改动后重算哈希链。
      </Typography.Paragraph>
    </Card>
  );
}

export function AuditCheckpointsPage() {
  const can = useCan();
  const { message } = App.useApp();
  const create = useCreateCheckpoint();

  function createNow() {
    create.mutate(undefined, {
      onSuccess: (checkpoint) => { message.success(`已为第 ${checkpoint.seq} 条操作日志生成检查点`); },
      onError: (error) => { message.error(errorMessage(error)); },
    });
  }

  return (
    <ListPage
      noun="留痕检查点"
      api={checkpointsApi}
      columns={COLUMNS}
      rowKey={(row) => `${row.seq}-${row.at}-${row.keyId}`}
      rowLabel={(row) => `第 ${row.seq} 条`}
      permissions={{ export: 'monitor:operation-log:list' }}
      header={<PublicKeyCard />}
      toolbarExtra={can('monitor:audit:checkpoint') && (
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={create.isPending} onClick={createNow}>立即生成检查点</Button>
      )}
    />
  );
}
