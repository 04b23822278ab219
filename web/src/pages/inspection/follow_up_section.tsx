/**
 * The result drawer's 后续处置 section: the follow-up of an approved or published result with its state and a link,
 * or — when it has none — a button to open one by hand (server/modules/follow_ups/open.ts).
 */
import { App, Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useCreateFollowUp, useFollowUpOfResult } from '../../api/follow_ups';
import type { ResultDetail } from '../../api/inspection';
import { useCan } from '../../auth/current_user';
import { ValueTag } from '../../components/value_tag';
import { FOLLOW_UP_STATUS_ENUM } from './follow_up_labels';

export function FollowUpSection({ result }: { result: ResultDetail }) {
  const can = useCan();
  const { message } = App.useApp();
  const settled = result.status === 'approved' || result.status === 'published';
  const followUp = useFollowUpOfResult(result.id, settled && can('inspection:follow_up:list'));
  const create = useCreateFollowUp();
  if (!settled || !can('inspection:follow_up:list') || followUp.isPending) return null;
  const f = followUp.data;
  return (
    <Card size="small" title="后续处置" style={{ marginTop: 12 }}>
      {f ? (
        <Space wrap size={8}>
          <ValueTag value={f.status} valueEnum={FOLLOW_UP_STATUS_ENUM} />
          <Typography.Text>{f.completionLabel}</Typography.Text>
          {f.measureLabel && <Typography.Text type="secondary">{f.measureLabel}</Typography.Text>}
          {(f.receiverDepartmentName ?? f.judicialOrganName) && <Typography.Text type="secondary">{`移送至 ${f.receiverDepartmentName ?? f.judicialOrganName ?? ''}`}</Typography.Text>}
          {f.listingSuggestion && <Typography.Text type="warning">建议列入经营异常名录</Typography.Text>}
          <Link to={`/inspection/follow-ups/${f.id}`}>查看后续处置</Link>
        </Space>
      ) : (
        <Space wrap size={8}>
          <Typography.Text type="secondary">{result.disposal === 'none' ? '无需后续处置' : '尚未登记后续处置'}</Typography.Text>
          {can('inspection:follow_up:handle') && (
            <Button size="small" loading={create.isPending}
              onClick={() => void create.mutateAsync({ resultId: result.id }).then(() => { message.success('已登记后续处置'); }, (e: unknown) => { message.error(errorMessage(e)); })}>
              登记后续处置
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}
