/**
 * 发布本任务全部已通过结果 (server/modules/results/task_publish_routes.ts): one request publishes every 已通过 result
 * of the task shown, sending the count the user saw (`expected`). The server refuses with 409 VERSION_CONFLICT when
 * that count changed meanwhile (nothing is published); the list then refreshes and the user confirms again.
 */
import { App, Button, Popconfirm } from 'antd';
import { errorMessage, isApiError } from '../../api/client';
import { resultsApi, usePublishTaskResults } from '../../api/inspection';
import { useCan } from '../../auth/current_user';

export function TaskPublishButton({ taskId }: { taskId: string }) {
  const can = useCan();
  const allowed = can('inspection:result:publish');
  const approved = resultsApi.useList({ taskId, status: 'approved', page: 1, pageSize: 1 }, allowed);
  const publish = usePublishTaskResults();
  const { message } = App.useApp();
  const count = approved.data?.total ?? 0;
  const first = approved.data?.rows[0];
  if (!allowed || count === 0 || approved.isPlaceholderData) return null;
  const task = first ? `“${first.taskCode} ${first.taskName}”` : '本任务';
  const confirm = () => publish.mutateAsync({ taskId, expected: count }).then(
    (r) => { message.success(`已公示本任务 ${r.published} 条检查结果`); },
    (e: unknown) => {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') {
        const now = e.details.find((d) => d.field === 'expected')?.message;
        message.warning(`${now ? `该任务现有 ${now} 条已通过的结果，` : ''}与确认时的 ${count} 条不符（其间有结果被审核或公示），本次未公示任何结果；列表已刷新，请核对后重新发布`, 6);
      }
      else message.error(`未公示：${errorMessage(e)}`);
    },
  );
  return (
    <Popconfirm title={`公示${task}全部 ${count} 条已通过的检查结果？`} description="全部成功或全部不公示；公示后不可修改，只能更正。" okText={`公示 ${count} 条`} cancelText="取消" onConfirm={() => void confirm()}>
      <Button type="primary" loading={publish.isPending}>{`发布本任务全部已通过结果（${count}）`}</Button>
    </Popconfirm>
  );
}
