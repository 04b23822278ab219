/**
 * 抽取公示 (一公开; docs/draw-protocol.md §11.1, §16.3, §17): a draw's commitment, published before any random
 * value existed, and once published its public receipt — the entered lottery values, the seed, the per-stratum
 * counts and the selected identifiers — with the JSON files anyone can check with verify-draw. Readable on a phone.
 * The per-stratum lists and the pool file's salts stay with the designated verifier (§11.3): strata are confidential.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Grid, List, Space, Table, Typography } from 'antd';
import { useParams } from 'react-router';
import { errorMessage, isApiError } from '../../api/client';
import { drawDownloads, usePublicCommitment, usePublicReceipt } from '../../api/draws';
import { formatDate, formatDateTime } from '../../components/format';
import { PageLoading } from '../../components/page_states';
import { sourceKindLabel, sourceTitle, stratumLabel } from '../draws/draw_text';
import { HashText, MONO } from '../draws/hash_text';
import { DrawVerifyPanel } from './draw_verify_panel';

/** Saves a JSON document exactly as the API answered it (the verifier parses it strictly). */
function saveJson(name: string, document: unknown) {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' }));
  const a = Object.assign(window.document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function PublicDraw() {
  const { id = '' } = useParams();
  const commitment = usePublicCommitment(id);
  const receipt = usePublicReceipt(id);
  // On a phone the labels go above their values: a label column would leave the hashes two characters wide.
  const narrow = Grid.useBreakpoint().md === false;
  if (commitment.isPending) return <PageLoading />;
  if (commitment.isError) {
    return <Alert type={isApiError(commitment.error) && commitment.error.status === 404 ? 'warning' : 'error'} showIcon title={isApiError(commitment.error) && commitment.error.status === 404 ? '没有这次抽取，或其承诺尚未公布' : errorMessage(commitment.error)} />;
  }
  const c = commitment.data.commitment;
  const r = receipt.data?.receipt;
  const values = new Map((r?.sourceValues ?? []).map((v) => [v.id, v.value]));
  const name = `${c.taskId}-${commitment.data.attempt}`;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={`抽取公示 · 第 ${commitment.data.attempt} 次抽取`} size="small">
        {r
          ? <Alert type="success" showIcon title={`抽取凭证已于 ${formatDateTime(receipt.data?.publishedAt)} 公布`} style={{ marginBottom: 16 }} />
          : <Alert type="info" showIcon title="承诺已公布，抽取凭证尚未公布" description="承诺在任何随机数产生之前公布：名录、比例和随机数来源此后不能改变。" style={{ marginBottom: 16 }} />}
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout={narrow ? 'vertical' : 'horizontal'} styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label="任务标识">{c.taskId}</Descriptions.Item>
          <Descriptions.Item label="承诺时间">{formatDateTime(commitment.data.committedAt)}</Descriptions.Item>
          <Descriptions.Item label="承诺哈希" span={2}><HashText hash={commitment.data.commitmentHash} /></Descriptions.Item>
          <Descriptions.Item label="抽取日期">{formatDate(c.drawDate)}</Descriptions.Item>
          <Descriptions.Item label="名录总数">{Number(c.pool.size).toLocaleString('zh-CN')} 户</Descriptions.Item>
          {r && <Descriptions.Item label="种子" span={2}><HashText hash={r.seed} /></Descriptions.Item>}
          {r && <Descriptions.Item label="结果哈希" span={2}><HashText hash={r.resultHash} /></Descriptions.Item>}
          {receipt.data && <Descriptions.Item label="凭证哈希" span={2}><HashText hash={receipt.data.receiptHash} /></Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title="随机数来源" size="small">
        <List
          dataSource={[...c.sources]}
          renderItem={(s) => {
            const value = s.value !== '' ? s.value : values.get(s.id);
            return (
              <List.Item>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text strong>{sourceTitle(s)}（{sourceKindLabel(s)}）</Typography.Text>
                  <Typography.Text type="secondary">{s.description} · 产生时间 {formatDateTime(s.availableAt)}</Typography.Text>
                  <Typography.Text style={{ fontFamily: MONO, fontSize: 18 }}>{value ?? '尚未录入'}</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
      <Card title="各层名录数与抽取数" size="small">
        <Table
          size="small" pagination={false} rowKey="key" dataSource={[...c.strata]} scroll={{ x: 'max-content' }}
          columns={[
            { title: '分层', dataIndex: 'key', render: (k: string) => stratumLabel(k) },
            { title: '名录数', dataIndex: 'size', align: 'right' },
            { title: '抽取数', dataIndex: 'quota', align: 'right' },
            { title: '备选数', dataIndex: 'reserve', align: 'right' },
          ]}
        />
      </Card>
      {r && (
        <Card title={`抽中对象（${r.publicResult.selected.length} 户，按代码排序）`} size="small">
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: '4px 16px', fontFamily: MONO }}>
            {r.publicResult.selected.map((entityId) => <span key={entityId}>{entityId}</span>)}
          </div>
        </Card>
      )}
      {r && <DrawVerifyPanel drawId={id} selected={r.publicResult.selected} />}
      <Card title="下载与核验" size="small">
        <Space wrap>
          {r && <Button type="primary" icon={<DownloadOutlined />} onClick={() => saveJson(`receipt-${name}.json`, r)}>抽取凭证（公开版 JSON）</Button>}
          <Button icon={<DownloadOutlined />} onClick={() => saveJson(`commitment-${name}.json`, c)}>承诺记录 JSON</Button>
          <Button icon={<DownloadOutlined />} href={drawDownloads.attempts(commitment.data.taskId)} download={`attempts-${c.taskId}.json`}>历次抽取清单</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          用开源工具 verify-draw 核验：凭证中的承诺哈希与本页公布的一致，锚定的检查点早于开奖时间，录入的号码与官方开奖公告一致，种子和结果可由任何人复算。
          名录库文件含各户的盐值，只提供给指定核验方（司法行政部门、纪检监察、公证）；被抽查主体可核验自己是否被抽中。
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
