/**
 * 一次一档 (issue #10 item 8): the task's archive, one download. Says what is inside and how to check it later; the
 * server builds it on demand from the stored records, the same bytes each time while the data is unchanged.
 */
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useCan } from '../../auth/current_user';

const CONTENTS = [
  '年度抽查计划与实施方案（检查事项、抽取规则、审批记录）',
  '随机抽取承诺书、抽取凭证、抽取次序表与检查人员匹配记录',
  '每个检查对象的行政检查通知书、实地核查记录表、现场照片与其他附件',
  '检查结果（JSON 与 CSV）、结果更正及公示证明（公示操作的审计记录与签名检查点）',
];

export function archiveUrl(taskId: string): string {
  return `/api/inspection/tasks/${encodeURIComponent(taskId)}/archive`;
}

export function TaskArchiveCard({ taskId, taskCode }: { taskId: string; taskCode: string }) {
  const can = useCan();
  if (!can('inspection:archive:export')) return null;
  return (
    <Card size="small" title="任务档案（一次一档）"
      extra={<Button type="primary" icon={<DownloadOutlined />} href={archiveUrl(taskId)} download={`archive-${taskCode}.zip`}>导出档案</Button>}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>一个 ZIP 文件，包含：</Typography.Paragraph>
      <ul style={{ margin: '0 0 8px', paddingInlineStart: 20 }}>
        {CONTENTS.map((c) => <li key={c}><Typography.Text>{c}</Typography.Text></li>)}
      </ul>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        <SafetyCertificateOutlined /> 档案中的 manifest.json 列出每个文件的 SHA-256。核验：<Typography.Text code>npm run cli -- archive verify 档案.zip</Typography.Text>，
        或解压后运行 <Typography.Text code>sha256sum -c manifest.sha256</Typography.Text>。数据未变时每次导出的档案完全相同，保存的哈希日后仍可核对。每次导出都记入操作日志。
      </Typography.Paragraph>
    </Card>
  );
}
