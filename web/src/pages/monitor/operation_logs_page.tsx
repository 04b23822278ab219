/**
 * 操作日志: every state change and every refusal, in Chinese (domain/labels/), with a detail drawer that says
 * what happened in a sentence, the 留痕链 check and a way to its signed checkpoints. Refusals of anonymous callers and 429s are one row per client, route and minute,
 * tagged with their count.
 */
import { SafetyCertificateOutlined, VerifiedOutlined } from '@ant-design/icons';
import { Alert, App, Button, Collapse, Descriptions, Drawer, Modal, Result, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { targetName } from '../../../../domain/labels/operation_sentence';
import { errorMessage } from '../../api/client';
import { operationLogsApi, useVerifyAuditChain, type ChainReport, type OperationLogRow } from '../../api/system';
import { useCan } from '../../auth/current_user';
import { formatDateTime } from '../../components/format';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { ValueTag, type ValueEnum } from '../../components/value_tag';
import { refusalCountText } from './refusal_count';

const OUTCOME_ENUM = {
  success: { text: '成功', color: 'green' },
  failure: { text: '失败', color: 'red' },
} as const satisfies ValueEnum;

function TargetCell({ row }: { row: OperationLogRow }) {
  if (!row.targetType) return <Typography.Text type="secondary">—</Typography.Text>;
  const name = targetName(row.detail);
  return <span title={row.targetType}>{row.targetTypeLabel}{name ? `：${name}` : ''}</span>;
}

function OutcomeCell({ row }: { row: OperationLogRow }) {
  const repeated = refusalCountText(row);
  return (
    <Space size={4} wrap>
      <ValueTag value={row.outcome} valueEnum={OUTCOME_ENUM} />
      {row.outcome === 'failure' && row.errorCode && <Typography.Text type="secondary" style={{ fontSize: 12 }} title={row.errorCode}>{row.errorLabel}</Typography.Text>}
      {repeated && <Tag color="orange" title="同一客户端在这一分钟内对同一接口的同类请求，只记录第一条">{repeated}</Tag>}
    </Space>
  );
}

const COLUMNS: readonly ListColumn<OperationLogRow>[] = [
  { key: 'at', title: '时间', dataIndex: 'at', valueType: 'dateTime', width: 170, search: { kind: 'dateRange', from: 'from', to: 'to' } },
  { key: 'actorName', title: '操作人', dataIndex: 'actorName', search: true, width: 120 },
  { key: 'summary', title: '操作内容', dataIndex: 'summary', search: true, width: 160 },
  { key: 'target', title: '对象', ellipsis: true, render: (row) => <TargetCell row={row} /> },
  { key: 'outcome', title: '结果', dataIndex: 'outcome', valueEnum: OUTCOME_ENUM, search: true, width: 200, render: (row) => <OutcomeCell row={row} /> },
  { key: 'ip', title: 'IP', dataIndex: 'ip', width: 130 },
];

function LogDetail({ row, onClose }: { row: OperationLogRow | null; onClose: () => void }) {
  return (
    <Drawer title="操作详情" open={row !== null} onClose={onClose} size={640} destroyOnHidden>
      {row && (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          <Alert type={row.outcome === 'success' ? 'success' : 'error'} showIcon title={row.sentence} />
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }} items={[
            { key: 'seq', label: '序号', children: row.seq },
            { key: 'at', label: '时间', children: formatDateTime(row.at) },
            { key: 'actor', label: '操作人', children: row.actorName ? `${row.actorName}${row.actorDepartmentName ? `（${row.actorDepartmentName}）` : ''}` : '（未登录）' },
            { key: 'summary', label: '操作', children: row.summary },
            { key: 'action', label: '权限/动作', children: <Space size={4} wrap>{row.actionLabel}<Typography.Text code>{row.action}</Typography.Text></Space> },
            { key: 'target', label: '对象', children: <TargetCell row={row} /> },
            { key: 'targetId', label: '对象编号', children: row.targetId ?? '—' },
            { key: 'outcome', label: '结果', children: <OutcomeCell row={row} /> },
            ...(row.errorCode ? [{ key: 'errorCode', label: '错误码', children: <Typography.Text code>{row.errorCode}</Typography.Text> }] : []),
            { key: 'request', label: '请求', children: <Typography.Text code>{`${row.method} ${row.path}`}</Typography.Text> },
            { key: 'ip', label: 'IP', children: row.ip ?? '—' },
            ...(refusalCountText(row) ? [{ key: 'refusals', label: '同类拒绝', children: `${refusalCountText(row) ?? ''}（同一客户端、同一接口、同一分钟内，只记录第一条）` }] : []),
            { key: 'hash', label: '留痕哈希', children: <Typography.Text copyable style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{row.hash}</Typography.Text> },
          ]} />
          <div>
            <Typography.Title level={5}>业务事件</Typography.Title>
            {row.events.length === 0 ? <Typography.Text type="secondary">无</Typography.Text> : (
              <Space size={[4, 8]} wrap>{row.events.map((event, i) => <Tag key={`${event.type}-${i}`} color="blue" title={event.type}>{event.label}</Tag>)}</Space>
            )}
          </div>
          <Collapse size="small" items={[{
            key: 'raw', label: '原始记录',
            children: (
              <pre style={{ background: '#fafafa', borderRadius: 4, padding: 12, margin: 0, maxHeight: 360, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {JSON.stringify(row.detail, null, 2)}
              </pre>
            ),
          }]} />
        </Space>
      )}
    </Drawer>
  );
}

const PROBLEM_LABELS: Record<'edited' | 'deleted' | 'reordered', string> = { edited: '记录被修改', deleted: '记录被删除', reordered: '记录顺序被调整' };

/** The comparison with the checkpoints stored in the database: weaker than a copy held elsewhere, and said so. */
function CheckpointCheckView({ check }: { check: ChainReport['checkpoints'] }) {
  if (!check) return <Typography.Paragraph type="secondary">数据库内还没有留痕检查点，未能核对日志尾部是否被删除或重算。</Typography.Paragraph>;
  const weak = '（数据库内保存的检查点；有数据库权限者可一并删改，要可靠地核对请用导出的检查点文件在命令行校验）';
  if (check.findings.length === 0) {
    return <Typography.Paragraph type="secondary">{`${check.checked} 个留痕检查点核对通过，第 1–${check.anchoredSeq} 条已由签名检查点锚定${weak}。`}</Typography.Paragraph>;
  }
  return (
    <Alert type="error" showIcon title={`${check.findings.length} 个留痕检查点与现有记录不符`} description={(
      <ul style={{ margin: 0, paddingLeft: 18, textAlign: 'left' }}>{check.findings.map((f) => <li key={`${f.seq}-${f.problem}-${f.message}`}>{f.message}</li>)}</ul>
    )} />
  );
}

function ChainReportView({ report }: { report: ChainReport }) {
  const checkpointsBroken = (report.checkpoints?.findings.length ?? 0) > 0;
  if (report.ok) {
    return (
      <Result
        status={checkpointsBroken ? 'error' : 'success'}
        title={checkpointsBroken ? '留痕检查点核对未通过' : '留痕链完整'}
        subTitle={`共校验 ${report.rows} 条操作日志，哈希链中未发现修改、删除或顺序调整。`}
        extra={(
          <>
            <Typography.Paragraph copyable style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{`链头哈希：${report.head}`}</Typography.Paragraph>
            <CheckpointCheckView check={report.checkpoints} />
          </>
        )}
      />
    );
  }
  return (
    <Result
      status="error"
      title="留痕链校验未通过"
      subTitle={`共 ${report.rows} 条，第一处异常在序号 ${report.seq}：${PROBLEM_LABELS[report.problem]}`}
      extra={(
        <>
          <Typography.Paragraph>{report.message}</Typography.Paragraph>
          <CheckpointCheckView check={report.checkpoints} />
        </>
      )}
    />
  );
}

export function OperationLogsPage() {
  const can = useCan();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<OperationLogRow | null>(null);
  const [report, setReport] = useState<ChainReport | null>(null);
  const verify = useVerifyAuditChain();
  const navigate = useNavigate();

  function runVerify() {
    verify.mutate(undefined, { onSuccess: setReport, onError: (error) => { message.error(errorMessage(error)); } });
  }

  return (
    <>
      <ListPage
        noun="操作日志"
        api={operationLogsApi}
        columns={COLUMNS}
        rowKey={(row) => String(row.seq)}
        rowLabel={(row) => `${row.seq} ${row.summary}`}
        permissions={{ export: 'monitor:operation-log:export' }}
        rowActions={(row) => [{ key: 'detail', label: '详情', onClick: () => setDetail(row) }]}
        actionColumnWidth={80}
        toolbarExtra={(
          <>
            {can('monitor:audit-chain:verify') && <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={runVerify}>校验留痕链</Button>}
            <Button icon={<VerifiedOutlined />} onClick={() => { void navigate('/monitor/audit-checkpoints'); }}>留痕检查点</Button>
          </>
        )}
      />
      <LogDetail row={detail} onClose={() => setDetail(null)} />
      <Modal title="留痕链校验结果" open={report !== null} onCancel={() => setReport(null)} footer={<Button type="primary" onClick={() => setReport(null)}>关闭</Button>} width={560}>
        {report && <ChainReportView report={report} />}
      </Modal>
    </>
  );
}
