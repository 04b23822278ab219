/**
 * The task detail's way into its draw (issue #9 item 5): 「随机抽取」 opens /workflow/draws/task/:taskId, which
 * shows the task's latest attempt or 开始抽取. Shown to whoever may see draws.
 */
import { ThunderboltOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useCan } from '../../auth/current_user';

export function TaskDrawLink({ taskId, primary = false }: { taskId: string; primary?: boolean }) {
  const can = useCan();
  const navigate = useNavigate();
  if (!can('workflow:draw:list')) return null;
  return <Button type={primary ? 'primary' : 'default'} icon={<ThunderboltOutlined />} onClick={() => void navigate(`/workflow/draws/task/${encodeURIComponent(taskId)}`)}>随机抽取</Button>;
}
