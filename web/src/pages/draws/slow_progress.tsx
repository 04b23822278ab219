/**
 * 「进度」 for a ceremony step that may take more than a second (freezing a million-entity pool, the draw
 * itself; issue #9 item 12): after one second a dialog says what is running and counts the seconds, so
 * nobody clicks twice or closes the page. The request itself is one call; the server finishes it or
 * leaves nothing half-written.
 */
import { Modal, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';

export function SlowProgress({ running, title, detail }: { running: boolean; title: string; detail: string }) {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!running) { setElapsed(0); return; }
    const started = Date.now();
    const timer = setInterval(() => setElapsed(Date.now() - started), 200);
    return () => clearInterval(timer);
  }, [running]);
  const seconds = Math.floor(elapsed / 1000);
  // An honest bar: it cannot know the end, so it approaches 95 % and waits there for the answer.
  const percent = Math.round(95 * (1 - Math.exp(-elapsed / 6000)));
  return (
    <Modal open={running && elapsed >= 1000} title={title} footer={null} closable={false} mask={{ closable: false }} keyboard={false} width={460}>
      <Progress percent={percent} status="active" showInfo={false} />
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>{detail}</Typography.Paragraph>
      <Typography.Text type="secondary">已用 {seconds} 秒，请勿关闭页面</Typography.Text>
    </Modal>
  );
}
