/**
 * 结果与抽取凭证: the selected entities per stratum and the reserve list (in reserve order, used strictly
 * in that order for replacements: 长春第13条), the receipt to download, and once published, its public address.
 */
import { DownloadOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { drawDownloads, useDrawObjects, type DrawDetail, type DrawObjectRow } from '../../api/draws';
import { formatDateTime } from '../../components/format';
import { publicDrawPath, stratumLabel } from './draw_text';
import { HashText } from './hash_text';

const PAGE_SIZE = 20;

function ObjectsTable({ drawId, reserve }: { drawId: string; reserve: boolean }) {
  const [page, setPage] = useState(1);
  const objects = useDrawObjects(drawId, reserve, page, PAGE_SIZE);
  return (
    <Table<DrawObjectRow>
      size="small" rowKey="entityId" loading={objects.isFetching} dataSource={objects.data?.rows ?? []} scroll={{ x: 'max-content' }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: objects.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 户` }}
      columns={[
        { title: reserve ? '备选顺序' : '序号', dataIndex: 'rank', width: 90 },
        { title: '分层', dataIndex: 'stratum', width: 100, render: (key: string) => stratumLabel(key) },
        { title: '名称', dataIndex: 'name' },
        { title: '统一社会信用代码', dataIndex: 'identifier', width: 210 },
        { title: '区划', dataIndex: 'regionCode', width: 90 },
      ]}
    />
  );
}

export function ResultPanel({ draw }: { draw: DrawDetail }) {
  const publicUrl = `${window.location.origin}${publicDrawPath(draw.id)}`;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {draw.status === 'published'
        ? <Alert type="success" showIcon title={`抽取凭证已于 ${formatDateTime(draw.publishedAt)} 公布`} description={<span>公开地址：<Link to={publicDrawPath(draw.id)} target="_blank"><LinkOutlined /> {publicUrl}</Link></span>} />
        : <Alert type="info" showIcon title="抽取已完成，凭证尚未公布" description="核对结果后公布抽取凭证；公布前如发现问题，可由操作人或到场监督员作废并重新抽取（重新抽取关联本次承诺，并同样公开）。" />}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} styles={{ label: { width: 150 } }}>
        <Descriptions.Item label="抽中">{draw.selectedCount ?? 0} 户</Descriptions.Item>
        <Descriptions.Item label="备选">{draw.reserveCount ?? 0} 户</Descriptions.Item>
        <Descriptions.Item label="执行时间">{formatDateTime(draw.executedAt)}</Descriptions.Item>
        <Descriptions.Item label="公布时间">{draw.publishedAt ? formatDateTime(draw.publishedAt) : '尚未公布'}</Descriptions.Item>
        <Descriptions.Item label="凭证哈希" span={2}><HashText hash={draw.receiptHash} /></Descriptions.Item>
      </Descriptions>
      <Tabs items={[
        { key: 'selected', label: `抽中对象（${draw.selectedCount ?? 0}）`, children: <ObjectsTable drawId={draw.id} reserve={false} /> },
        { key: 'reserve', label: `备选名单（${draw.reserveCount ?? 0}）`, children: <ObjectsTable drawId={draw.id} reserve /> },
      ]} />
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={drawDownloads.receipt(draw.id)} download={`receipt-${draw.taskCode}-${draw.attempt}.json`}>下载抽取凭证（完整版 JSON）</Button>
        <Button icon={<DownloadOutlined />} href={drawDownloads.attempts(draw.taskId)} download={`attempts-${draw.taskCode}.json`}>历次抽取清单</Button>
        <Typography.Text type="secondary">完整版凭证含各分层名单，仅供指定核验方；公开版见公开地址。</Typography.Text>
      </Space>
    </Space>
  );
}
