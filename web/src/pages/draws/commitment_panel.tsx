/**
 * What the commitment fixed (docs/draw-protocol.md §16): the frozen pool per stratum, the commitment hash
 * in groups of four, the declared sources with their future times and (once entered) their values, the
 * anchor in the operation log and the signed checkpoint, and the files a designated verifier needs.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DrawDetail } from '../../api/draws';
import { drawDownloads } from '../../api/draws';
import { formatDate, formatDateTime } from '../../components/format';
import { sourceKindLabel, sourceTitle, stratumLabel } from './draw_text';
import { HashText, MONO } from './hash_text';

export function StrataTable({ strata }: { strata: DrawDetail['strata'] }) {
  return (
    <Table
      size="small" pagination={false} rowKey="key" dataSource={strata}
      columns={[
        { title: '分层', dataIndex: 'key', render: (key: string) => stratumLabel(key) },
        { title: '名录数（户）', dataIndex: 'size', align: 'right', render: (v: number) => v.toLocaleString('zh-CN') },
        { title: '抽取数', dataIndex: 'quota', align: 'right' },
        { title: '备选数', dataIndex: 'reserve', align: 'right' },
      ]}
      summary={(rows) => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><Typography.Text strong>合计</Typography.Text></Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">{rows.reduce((n, r) => n + r.size, 0).toLocaleString('zh-CN')}</Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">{rows.reduce((n, r) => n + r.quota, 0)}</Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">{rows.reduce((n, r) => n + r.reserve, 0)}</Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/**
 * Whether each pending source's time has come, kept true to the clock while the page stays open: the server's answer
 * when the page was fetched, then this browser's clock at the source's time (the server checks again on entry).
 */
function useSourcesDue(draw: DrawDetail): Map<string, boolean> {
  const [now, setNow] = useState(() => Date.now());
  const next = draw.sourcesDue.map((s) => Date.parse(s.availableAt)).filter((t) => t > now).sort((a, b) => a - b)[0];
  useEffect(() => {
    if (next === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(next - Date.now() + 500, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [next]);
  return new Map(draw.sourcesDue.map((s) => [s.id, s.available || now >= Date.parse(s.availableAt)]));
}

export function SourcesTable({ draw }: { draw: DrawDetail }) {
  const sources = draw.commitment?.sources ?? [];
  const entered = new Map((draw.sourceValues ?? []).map((v) => [v.id, v.value]));
  const due = useSourcesDue(draw);
  return (
    <Table
      size="small" pagination={false} rowKey="id" dataSource={[...sources]} scroll={{ x: 'max-content' }}
      columns={[
        { title: '随机数来源', key: 'title', render: (_, s) => <Space orientation="vertical" size={0}><Typography.Text strong>{sourceTitle(s)}</Typography.Text><Typography.Text type="secondary">{s.description}</Typography.Text></Space> },
        { title: '类型', key: 'type', render: (_, s) => <Tag>{sourceKindLabel(s)}</Tag> },
        { title: '产生时间', key: 'availableAt', render: (_, s) => formatDateTime(s.availableAt) },
        {
          title: '值', key: 'value', render: (_, s) => {
            const value = s.value !== '' ? s.value : entered.get(s.id);
            if (value) return <Typography.Text style={{ fontFamily: MONO }} copyable>{value}</Typography.Text>;
            return due.get(s.id) ? <Tag color="blue">已到时间，待录入</Tag> : <Tag>未到产生时间</Tag>;
          },
        },
      ]}
    />
  );
}

export function CommitmentPanel({ draw }: { draw: DrawDetail }) {
  const c = draw.commitment;
  if (!c) return null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} styles={{ label: { width: 150 } }}>
        <Descriptions.Item label="承诺哈希" span={2}><HashText hash={draw.commitmentHash} /></Descriptions.Item>
        <Descriptions.Item label="冻结名录">{draw.poolSize?.toLocaleString('zh-CN') ?? '—'} 户{draw.excluded && (draw.excluded.notActive > 0 || draw.excluded.annualCap > 0) ? `（排除非存续 ${draw.excluded.notActive} 户、已达年度上限 ${draw.excluded.annualCap} 户）` : ''}</Descriptions.Item>
        <Descriptions.Item label="承诺时间">{formatDateTime(draw.committedAt)}</Descriptions.Item>
        <Descriptions.Item label="抽取日期">{formatDate(c.drawDate)}</Descriptions.Item>
        <Descriptions.Item label="年度抽查上限">每户每年不超过 {c.annualCap} 次（各部门合计）</Descriptions.Item>
        <Descriptions.Item label="锚定">操作日志第 {draw.commitLogSeq ?? '—'} 条 · 签名检查点第 {draw.checkpointSeq ?? '—'} 号</Descriptions.Item>
        <Descriptions.Item label="协议">{c.protocol} · {c.pool.saltMode === 'salted' ? '加盐（分层保密）' : '不加盐'}</Descriptions.Item>
        {c.previousCommitmentHash !== '' && <Descriptions.Item label="上次抽取的承诺" span={2}><HashText hash={c.previousCommitmentHash} /></Descriptions.Item>}
        {c.redrawReason !== '' && <Descriptions.Item label="重新抽取原因" span={2}>{c.redrawReason}</Descriptions.Item>}
        {c.sourceException !== '' && <Descriptions.Item label="来源例外" span={2}>{c.sourceException}</Descriptions.Item>}
      </Descriptions>
      <StrataTable strata={draw.strata} />
      <SourcesTable draw={draw} />
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={`/api/public/draws/${encodeURIComponent(draw.id)}/commitment`} download={`commitment-${draw.taskCode}-${draw.attempt}.json`}>承诺记录</Button>
        <Button icon={<DownloadOutlined />} href={drawDownloads.pool(draw.id)} download>名录库文件</Button>
        <Button icon={<DownloadOutlined />} href={drawDownloads.ledger(draw.id)} download={`ledger-${draw.taskCode}-${draw.attempt}.json`}>年度抽查台账</Button>
      </Space>
    </Space>
  );
}
