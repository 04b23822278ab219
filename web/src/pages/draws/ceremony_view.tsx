/**
 * 随机抽取 of one attempt (issue #9 item 5; domain/workflow/draw_states.ts): the ceremony as antd Steps, and
 * under it what the current step needs. Buttons appear only for the events the server lists in the draw's
 * `actions` (the same check its writes run), so the operator, a supervisor and a viewer see the same page
 * with different buttons. The page re-reads the draw every few seconds while it runs, so a supervisor's
 * confirmation on another computer shows up on the operator's screen and on the projector.
 */
import { DesktopOutlined, ExclamationCircleOutlined, RedoOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Modal, Space, Steps, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { useDrawWrite, useStartDraw, type DrawDetail, type DrawEvent } from '../../api/draws';
import { useCan, useCurrentUser } from '../../auth/current_user';
import { ValueTag } from '../../components/value_tag';
import { CommitForm } from './commit_form';
import { toCommitBody, type CommitValues } from './commit_values';
import { CommitmentPanel } from './commitment_panel';
import { CEREMONY_STEPS, currentStep, DRAW_STATUS_ENUM } from './draw_labels';
import { presentationData, useSelectedForPresentation } from './presentation_data';
import { PresentationView } from './presentation_view';
import { ResultPanel } from './result_panel';
import { SlowProgress } from './slow_progress';
import { SourceEntryForm } from './source_entry_form';

/** The last status a void draw reached, from what it recorded (a void draw keeps its commitment, values, result). */
function reachedBeforeVoid(draw: DrawDetail): DrawDetail['status'] {
  if (draw.executedAt) return 'drawn';
  if (draw.sourceValues) return 'seed_entered';
  if (draw.supervisors.length >= draw.requiredSupervisors && draw.commitmentHash) return 'supervisor_confirmed';
  return draw.commitmentHash ? 'committed' : 'preparing';
}

function SupervisorPanel({ draw, onConfirm, confirming }: { draw: DrawDetail; onConfirm: () => void; confirming: boolean }) {
  const me = useCurrentUser();
  const confirmed = draw.supervisors.length;
  const mine = draw.supervisors.some((s) => s.userId === me.id);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        抽取须由抽取监督员以本人账号登录、到场确认后进行。须 <Typography.Text strong>{draw.requiredSupervisors}</Typography.Text> 名监督员确认，已确认 <Typography.Text strong>{confirmed}</Typography.Text> 名
        {confirmed < draw.requiredSupervisors && <>，还需等待 <Typography.Text strong type="warning">{draw.requiredSupervisors - confirmed}</Typography.Text> 名</>}。
      </Typography.Paragraph>
      {confirmed > 0 && <Space wrap>{draw.supervisors.map((s) => <Tag key={s.userId} color="green">{s.name ?? '监督员'} 已到场</Tag>)}</Space>}
      {draw.actions.includes('confirm_presence') && !mine && (
        <Button type="primary" size="large" loading={confirming} onClick={onConfirm}>我已到场，确认监督</Button>
      )}
      {mine && <Alert type="success" showIcon title="您已确认到场监督" />}
    </Space>
  );
}

function VoidDialog({ open, onCancel, onOk, pending }: { open: boolean; onCancel: () => void; onOk: (reason: string) => void; pending: boolean }) {
  const [reason, setReason] = useState('');
  return (
    <Modal title="作废本次抽取" open={open} onCancel={onCancel} okText="作废" okButtonProps={{ danger: true, disabled: reason.trim() === '' }} cancelText="取消" confirmLoading={pending} onOk={() => onOk(reason.trim())}>
      <Typography.Paragraph>作废后本次的承诺、随机值和结果仍保留并公开；重新抽取是新的一次，关联本次承诺并写明原因。</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder="作废原因（必填），如：开奖号码录入时发现名录范围设置错误" aria-label="作废原因" />
    </Modal>
  );
}

function StepContent({ draw, run, pending }: { draw: DrawDetail; run: (event: DrawEvent, body?: unknown) => void; pending: DrawEvent | null }) {
  const can = (event: DrawEvent) => draw.actions.includes(event);
  switch (draw.status) {
    case 'preparing':
      return can('commit')
        ? <CommitForm submitting={pending === 'commit'} onSubmit={(values: CommitValues) => run('commit', toCommitBody(values, draw.rowVersion))} />
        : <Alert type="info" showIcon title={`等待操作人${draw.operatorName ? ` ${draw.operatorName} ` : ''}冻结名录并发布承诺`} />;
    case 'committed':
      return <SupervisorPanel draw={draw} confirming={pending === 'confirm_presence'} onConfirm={() => run('confirm_presence')} />;
    case 'supervisor_confirmed':
      return can('enter_seed')
        ? <SourceEntryForm sources={draw.commitment?.sources ?? []} submitting={pending === 'enter_seed'} onSubmit={(values) => run('enter_seed', { rowVersion: draw.rowVersion, values })} />
        : <Alert type="info" showIcon title="等待操作人或到场监督员在开奖后录入随机值" />;
    case 'seed_entered':
      return (
        <Space orientation="vertical" size={12}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>随机值已录入。执行抽取后，种子由承诺哈希和全部随机值算出，任何人都可以按公开的凭证复算。</Typography.Paragraph>
          {can('execute') ? <Button type="primary" size="large" loading={pending === 'execute'} onClick={() => run('execute')}>执行抽取</Button> : <Alert type="info" showIcon title="等待操作人执行抽取" />}
        </Space>
      );
    case 'drawn':
    case 'published':
      return <ResultPanel draw={draw} />;
    case 'void':
      return <Alert type="error" showIcon title="本次抽取已作废" description={`原因：${draw.voidReason ?? '—'}`} />;
  }
}

export function CeremonyView({ draw, latest }: { draw: DrawDetail; latest: boolean }) {
  const { message, modal } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const write = useDrawWrite(draw.id);
  const start = useStartDraw();
  const [pending, setPending] = useState<DrawEvent | null>(null);
  const [voidOpen, setVoidOpen] = useState(false);
  const [search, setSearch] = useSearchParams();
  const presenting = search.get('present') === '1';
  const selected = useSelectedForPresentation(draw);

  const exitPresentation = useCallback(() => {
    setSearch((s) => { s.delete('present'); return s; }, { replace: true });
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, [setSearch]);

  function present() {
    setSearch((s) => { s.set('present', '1'); return s; });
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }

  function run(event: DrawEvent, body?: unknown) {
    const rowVersion = { rowVersion: draw.rowVersion };
    const request = (() => {
      switch (event) {
        case 'commit': return { kind: 'commit', body: body as never } as const;
        case 'confirm_presence': return { kind: 'presence', body: rowVersion } as const;
        case 'enter_seed': return { kind: 'source-values', body: body as never } as const;
        case 'execute': return { kind: 'execute', body: rowVersion } as const;
        case 'publish_receipt': return { kind: 'publish', body: rowVersion } as const;
        case 'void': return { kind: 'void', body: { rowVersion: draw.rowVersion, reason: String(body) } } as const;
      }
    })();
    setPending(event);
    write.mutate(request, {
      onSuccess: (next) => { void message.success(`${next.statusLabel}`); setVoidOpen(false); },
      onError: (error) => { void message.error({ content: errorMessage(error), duration: 8 }); },
      onSettled: () => setPending(null),
    });
  }

  function publish() {
    modal.confirm({
      title: '公布抽取凭证', icon: <ExclamationCircleOutlined />, okText: '公布', cancelText: '取消',
      content: '公布后凭证（公开版）在公开信息查询页向社会公开，本次抽取不能再作废。',
      onOk: () => run('publish_receipt'),
    });
  }

  function redraw() {
    start.mutate({ taskId: draw.taskId }, {
      onSuccess: (next) => { void message.success(`已开始第 ${next.attempt} 次抽取`); void navigate(`/workflow/draws/${next.id}`); },
      onError: (error) => { void message.error(errorMessage(error)); },
    });
  }

  const step = currentStep(draw.status, draw.status === 'void' ? reachedBeforeVoid(draw) : draw.status);
  const items = CEREMONY_STEPS.map((s, i) => ({
    title: s.title,
    status: draw.status === 'void' && i === step ? 'error' as const : undefined,
  }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        title={<Space wrap size={8}><span>{draw.taskName}</span><Typography.Text type="secondary" style={{ fontWeight: 400 }}>{draw.taskCode} · 第 {draw.attempt} 次抽取</Typography.Text><ValueTag value={draw.status} valueEnum={DRAW_STATUS_ENUM} /></Space>}
        extra={(
          <Space wrap>
            {draw.commitmentHash && <Button icon={<DesktopOutlined />} onClick={present}>演示模式</Button>}
            {draw.actions.includes('publish_receipt') && <Button type="primary" loading={pending === 'publish_receipt'} onClick={publish}>公布凭证</Button>}
            {draw.actions.includes('void') && <Button danger icon={<StopOutlined />} onClick={() => setVoidOpen(true)}>作废</Button>}
            {draw.status === 'void' && latest && can('workflow:draw:operate') && <Button type="primary" icon={<RedoOutlined />} loading={start.isPending} onClick={redraw}>重新抽取</Button>}
          </Space>
        )}
      >
        <Steps current={Math.min(step, CEREMONY_STEPS.length - 1)} status={draw.status === 'published' ? 'finish' : undefined} items={items} style={{ marginBottom: 24 }} />
        {draw.previousDrawId && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={<span>本次为重新抽取，关联 <Link to={`/workflow/draws/${draw.previousDrawId}`}>上一次（已作废）的抽取</Link>。</span>} />}
        <StepContent draw={draw} run={run} pending={pending} />
      </Card>
      {draw.commitment && (
        <Card variant="borderless" title="承诺与随机数">
          <CommitmentPanel draw={draw} />
        </Card>
      )}
      <VoidDialog open={voidOpen} onCancel={() => setVoidOpen(false)} onOk={(reason) => run('void', reason)} pending={pending === 'void'} />
      <SlowProgress running={pending === 'commit'} title="正在冻结名录并发布承诺" detail="正在筛选符合条件的检查对象、生成名录库根哈希和承诺，并写入操作日志与签名检查点。" />
      <SlowProgress running={pending === 'execute'} title="正在执行抽取" detail="正在由承诺哈希和随机值计算种子，为名录中每户计算票号并排序，保存抽中对象、备选名单和抽取凭证。" />
      {presenting && <PresentationView data={presentationData(draw, selected.data, window.location.origin)} onExit={exitPresentation} />}
    </Space>
  );
}
