/** A result as read (by the team after submission, by the reviewer): the facts, the findings per department, the signature. */
import { Card, Descriptions, Empty, Image, List, Space, Tag, Typography } from 'antd';
import { FINDINGS, labelOf } from '../../../../domain/inspection/categories';
import { attachmentUrl, type AttachmentView, type ObjectItem, type ResultView } from '../../api/inspection';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { CHECK_METHOD_ENUM, DISPOSAL_ENUM, RESULT_CATEGORY_ENUM, RESULT_STATUS_ENUM, WITHHELD_FIELD_LABELS } from './result_labels';
import { itemsByDepartment } from './result_values';

const FINDING_COLORS: Readonly<Record<string, string>> = { compliant: 'green', noncompliant: 'red', not_applicable: 'default' };

export function SignatureText({ signature }: { signature: ResultView['signature'] }) {
  if (!signature) return <Typography.Text type="secondary">无（无需实质检查）</Typography.Text>;
  return signature.kind === 'signed'
    ? <span>{`已签字：${signature.signerName}`}</span>
    : <span><Tag color="orange">拒签</Tag>{`原因：${signature.reason}；见证人：${signature.witness}`}</span>;
}

export function ResultFacts({ result }: { result: ResultView }) {
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered items={[
      { key: 'status', label: '状态', children: <ValueTag value={result.status} valueEnum={RESULT_STATUS_ENUM} /> },
      { key: 'date', label: '检查日期', children: result.checkDate ?? '—' },
      { key: 'method', label: '检查方式', children: <ValueTag value={result.checkMethod} valueEnum={CHECK_METHOD_ENUM} /> },
      { key: 'disposal', label: '处置', children: <ValueTag value={result.disposal} valueEnum={DISPOSAL_ENUM} /> },
      { key: 'category', label: '检查结果', span: 'filled', children: <ValueTag value={result.resultCategory} valueEnum={RESULT_CATEGORY_ENUM} /> },
      ...(result.completedWithoutCheck ? [{ key: 'without', label: '说明', span: 'filled' as const, children: '无需实质检查即视为完成（登记住所无法联系、已注销、吊销、迁出等情形）' }] : []),
      { key: 'signature', label: '签字', span: 'filled', children: <SignatureText signature={result.signature} /> },
      { key: 'note', label: '备注', span: 'filled', children: result.note ?? '—' },
      ...(result.withheld ? [{ key: 'withheld', label: '不予公示', span: 'filled' as const, children: <Typography.Text type="warning">{`${result.withheld.fields.map((f) => WITHHELD_FIELD_LABELS[f]).join('、')}（${result.withheld.reason}）`}</Typography.Text> }] : []),
      ...(result.submittedAt ? [{ key: 'submitted', label: '提交', span: 'filled' as const, children: `${result.submittedByName ?? ''} ${formatDateTime(result.submittedAt)}` }] : []),
      ...(result.reviewComments ? [{ key: 'comments', label: '审核意见', span: 'filled' as const, children: <Typography.Text type="danger">{result.reviewComments}</Typography.Text> }] : []),
      ...(result.publishedAt ? [{ key: 'published', label: '公示时间', span: 'filled' as const, children: formatDateTime(result.publishedAt) }] : []),
    ]} />
  );
}

/** A finding as stored, or as still waiting in the outbox. */
interface FindingLike {
  readonly itemId: string;
  readonly finding: keyof typeof FINDINGS;
  readonly note?: string | null;
}

export function FindingsList({ items, findings }: { items: readonly ObjectItem[]; findings: readonly FindingLike[] }) {
  const byItem = new Map(findings.map((f) => [f.itemId, f]));
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有检查事项" />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {itemsByDepartment(items).map((group) => (
        <Card key={group.departmentId} size="small" title={group.departmentName}>
          <List size="small" dataSource={group.items} renderItem={(item) => {
            const finding = byItem.get(item.itemId);
            return (
              <List.Item>
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    {finding ? <Tag color={FINDING_COLORS[finding.finding]}>{labelOf(FINDINGS, finding.finding)}</Tag> : <Tag>未填</Tag>}
                    <Typography.Text>{`${item.code} ${item.name}`}</Typography.Text>
                  </Space>
                  {finding?.note && <Typography.Text type="secondary">{`说明：${finding.note}`}</Typography.Text>}
                </Space>
              </List.Item>
            );
          }} />
        </Card>
      ))}
    </Space>
  );
}

export function AttachmentGallery({ attachments, emptyText = '没有附件' }: { attachments: readonly AttachmentView[]; emptyText?: string }) {
  if (attachments.length === 0) return <Typography.Text type="secondary">{emptyText}</Typography.Text>;
  const images = attachments.filter((a) => a.mime.startsWith('image/'));
  const others = attachments.filter((a) => !a.mime.startsWith('image/'));
  return (
    <Space orientation="vertical" size={8}>
      <Image.PreviewGroup>
        <Space wrap size={8}>
          {images.map((a) => <Image key={a.id} width={96} height={96} style={{ objectFit: 'cover' }} src={attachmentUrl(a.id)} alt={a.fileName} />)}
        </Space>
      </Image.PreviewGroup>
      {others.map((a) => <a key={a.id} href={attachmentUrl(a.id)} target="_blank" rel="noreferrer">{a.fileName}</a>)}
    </Space>
  );
}
