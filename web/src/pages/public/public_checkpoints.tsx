/**
 * 留痕检查点公示 (docs/decisions/0006-signed-audit-checkpoints.md): the signed heads of the operation log and the key that
 * signed them, so anyone can keep a copy the database cannot reach and later check that nothing before them changed
 * (`npm run cli -- audit verify --checkpoints`).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, List, Pagination, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { useCheckpointKey, usePublicCheckpoints } from '../../api/portal';
import { formatDateTime } from '../../components/format';
import { useListQuery } from '../../components/url_query';
import { HashText, MONO } from '../draws/hash_text';

export function PublicCheckpoints() {
  const query = useListQuery([], 20);
  const checkpoints = usePublicCheckpoints({ page: query.page, pageSize: query.pageSize });
  const key = useCheckpointKey();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        系统的每一次操作都记入首尾相连的哈希链；检查点是对链头的 Ed25519 签名，定时公布在这里。保存一份检查点，日后即可核对此前的记录没有被删改。
      </Typography.Paragraph>
      <Card size="small" title="验签公钥">
        {key.isError ? <Typography.Text type="secondary">服务未配置检查点签名密钥。</Typography.Text> : (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <span>密钥编号：<Typography.Text style={{ fontFamily: MONO }}>{key.data?.keyId ?? '…'}</Typography.Text></span>
            <Typography.Text copyable style={{ fontFamily: MONO, wordBreak: 'break-all' }}>{key.data?.publicKeyBase64 ?? '…'}</Typography.Text>
          </Space>
        )}
      </Card>
      <Button icon={<DownloadOutlined />} href="/api/public/audit/checkpoints/export" download style={{ alignSelf: 'flex-start' }}>下载全部检查点（JSON Lines）</Button>
      {checkpoints.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(checkpoints.error)} />}
      <List
        size="small" bordered loading={checkpoints.isFetching} dataSource={checkpoints.data?.rows ?? []} locale={{ emptyText: '尚无检查点' }}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
              <Typography.Text strong>第 {c.seq.toLocaleString('zh-CN')} 条操作记录 · {formatDateTime(c.at)}</Typography.Text>
              <span>链头哈希 <HashText hash={c.headHash} /></span>
            </Space>
          </List.Item>
        )}
      />
      {checkpoints.data && checkpoints.data.total > query.pageSize && <Pagination current={query.page} pageSize={query.pageSize} total={checkpoints.data.total} onChange={query.setPage} size="small" />}
    </Space>
  );
}
