/**
 * 检查对象异议 (issue #10 item 6; 威海第11条), no staff login: an entity enters its 统一社会信用代码, receives a code on its
 * registered phone, sees its published results and files an objection with its reasons, then follows the review and
 * the feedback. Phone-first: cards, not tables.
 */
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Layout, Modal, Space, Spin, Steps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import {
  requestSignInCode, useEntityObjections, useEntitySession, useEntitySignIn, useEntitySignOut, useFileObjection, usePublishedResults,
  type EntityObjectionView, type EntitySessionView, type PublicResultRow,
} from '../../api/objections';
import { useEntitySummary } from '../../api/evaluations';
import { applyServerErrors } from '../../components/form_errors';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { OBJECTION_STATUS_ENUM } from '../inspection/objection_labels';
import { CapLine, EvaluationForm } from './entity_evaluation';
import { EntityNotices } from './entity_notices';
import { EntityObjectionFiles } from './entity_objection_files';

function SignIn() {
  const [form] = Form.useForm<{ creditCode: string; code: string }>();
  const { message } = App.useApp();
  const signIn = useEntitySignIn();
  const [sent, setSent] = useState<{ maskedPhone: string; creditCode: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function send() {
    const values = await form.validateFields(['creditCode']).catch(() => null);
    if (!values) return;
    setSending(true);
    try {
      const creditCode = values.creditCode.trim().toUpperCase();
      const answer = await requestSignInCode(creditCode);
      setSent({ maskedPhone: answer.maskedPhone, creditCode });
      setWait(answer.resendAfterSeconds);
    } catch (error) {
      message.error(applyServerErrors(form, error));
    } finally {
      setSending(false);
    }
  }
  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await signIn.mutateAsync({ creditCode: values.creditCode.trim().toUpperCase(), code: values.code.trim() });
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Card title="检查对象登录" style={{ maxWidth: 480, margin: '0 auto' }}>
      <Typography.Paragraph type="secondary">
        对本单位已公示的抽查检查结果有异议的，可在此凭统一社会信用代码和发送到登记联系电话的验证码登录后提出。监管部门自收到之日起 20 个工作日内复查，
        自作出复查结果之日起 15 个工作日内反馈。登录后还可匿名评价检查工作，并查看本年度已接受随机抽查的次数。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="entity-sign-in" onFinish={() => void submit()}>
        <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, whitespace: true, message: '请输入统一社会信用代码' }, { pattern: /^[0-9A-Za-z]{15,18}$/, message: '应为 18 位数字或字母' }]}>
          <Input maxLength={18} autoComplete="off" placeholder="18 位统一社会信用代码" />
        </Form.Item>
        <Form.Item label="验证码" required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="code" noStyle rules={[{ required: true, message: '请输入验证码' }, { pattern: /^\d{6}$/, message: '验证码为 6 位数字' }]}>
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder="6 位数字" />
            </Form.Item>
            <Button onClick={() => void send()} loading={sending} disabled={wait > 0}>{wait > 0 ? `${wait} 秒后重发` : sent ? '重新获取' : '获取验证码'}</Button>
          </Space.Compact>
        </Form.Item>
        {sent && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={`验证码已发送至登记的联系电话 ${sent.maskedPhone}，10 分钟内有效`} />}
        <Button type="primary" htmlType="submit" block loading={signIn.isPending}>登 录</Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
        未登记联系电话或号码已变更的，请携营业执照到作出检查结果的部门窗口提出异议或更新联系电话。
      </Typography.Paragraph>
    </Card>
  );
}

function ObjectionForm({ result, onClose }: { result: PublicResultRow; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string; contactName?: string }>();
  const file = useFileObjection();
  const { message } = App.useApp();
  async function ok() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await file.mutateAsync({ resultId: result.id, reason: values.reason.trim(), contactName: values.contactName?.trim() || null });
      message.success('异议已提交，监管部门将在 20 个工作日内复查');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }
  return (
    <Modal open title="提出异议" okText="提交异议" cancelText="取消" confirmLoading={file.isPending} onOk={() => void ok()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{`${result.taskName} · ${result.departmentName} · 检查日期 ${result.checkDate} · 检查结果：${result.resultCategory}`}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="file-objection">
        <Form.Item name="reason" label="异议理由" rules={[{ required: true, whitespace: true, min: 5, message: '请写明异议的事实和理由（至少 5 个字）' }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount placeholder="哪一项检查结果与事实不符，依据是什么" />
        </Form.Item>
        <Form.Item name="contactName" label="联系人（选填）"><Input maxLength={64} /></Form.Item>
      </Form>
    </Modal>
  );
}

function ResultCard({ result, objection, onObject, evaluated, onEvaluate }: {
  result: PublicResultRow; objection: EntityObjectionView | undefined; onObject: () => void; evaluated: boolean | undefined; onEvaluate: () => void;
}) {
  const open = objection && objection.status !== 'answered';
  return (
    <Card size="small" title={result.taskName} extra={(
      <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
        {evaluated ? <Tag color="green">已评价</Tag> : evaluated === false && <Button size="small" onClick={onEvaluate}>评价</Button>}
        {open ? <Tag color="gold">已提出异议</Tag> : <Button size="small" onClick={onObject}>提出异议</Button>}
      </Space>
    )}>
      <Descriptions size="small" column={1} items={[
        { key: 'dept', label: '检查部门', children: result.departmentName },
        { key: 'date', label: '检查日期', children: `${result.checkDate}（${result.checkMethod}）` },
        { key: 'result', label: '检查结果', children: result.resultCategory },
        ...(result.disposal ? [{ key: 'disposal', label: '处置', children: result.disposal }] : []),
        ...(result.note ? [{ key: 'note', label: '说明', children: result.note }] : []),
        { key: 'published', label: '公示时间', children: formatDateTime(result.publishedAt) },
        ...result.corrections.map((c) => ({ key: `c${c.seq}`, label: `更正（第${c.seq}次）`, children: `${c.changes.map((x) => `${x.label}：${x.value}`).join('；')}（${c.reason}）` })),
      ]} />
    </Card>
  );
}

function ObjectionCard({ objection }: { objection: EntityObjectionView }) {
  const current = { received: 1, reviewing: 1, upheld: 3, dismissed: 3, answered: 4 }[objection.status];
  return (
    <Card size="small" title={objection.taskName} extra={<ValueTag value={objection.status} valueEnum={OBJECTION_STATUS_ENUM} />}>
      <Steps size="small" current={current} orientation="vertical" items={[
        { title: '已受理', content: `${objection.channelLabel} · ${objection.receivedOn}` },
        { title: '复核', content: `${objection.reviewDue} 前作出复核结论` },
        { title: '复核结论', content: objection.decidedOn ? `${objection.decidedOn}` : '' },
        { title: '反馈', content: objection.fedBackOn ? objection.fedBackOn : `${objection.feedbackDue} 前反馈` },
      ]} />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}><Typography.Text type="secondary">异议理由：</Typography.Text>{objection.reason}</Typography.Paragraph>
      {objection.decisionComments && <Typography.Paragraph style={{ marginBottom: 8 }}><Typography.Text type="secondary">复核意见：</Typography.Text>{objection.decisionComments}</Typography.Paragraph>}
      {objection.correctionStatusLabel && <Typography.Paragraph style={{ marginBottom: 8 }}><Typography.Text type="secondary">结果更正：</Typography.Text>{objection.correctionStatusLabel}</Typography.Paragraph>}
      {objection.feedback && <Alert type="info" title="反馈" description={objection.feedback} style={{ marginBottom: 8 }} />}
      <EntityObjectionFiles objection={objection} />
    </Card>
  );
}

function EntityHome({ session }: { session: EntitySessionView }) {
  const results = usePublishedResults(session.entity.creditCode);
  const objections = useEntityObjections(true);
  const signOut = useEntitySignOut();
  const summary = useEntitySummary(true);
  const [objecting, setObjecting] = useState<PublicResultRow | null>(null);
  const [evaluating, setEvaluating] = useState<PublicResultRow | null>(null);
  const mine = objections.data?.rows ?? [];
  const evaluated = summary.data ? new Set(summary.data.evaluatedResultIds) : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 820, margin: '0 auto', display: 'flex' }}>
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <div>
            <Typography.Title level={5} style={{ margin: 0 }}>{session.entity.name}</Typography.Title>
            <Typography.Text type="secondary">{session.entity.creditCode}</Typography.Text>
          </div>
          <Button onClick={() => void signOut.mutateAsync()} loading={signOut.isPending}>退出</Button>
        </Space>
      </Card>
      {summary.data && <CapLine summary={summary.data} />}
      <EntityNotices />
      <Typography.Title level={5} style={{ margin: 0 }}>本单位已公示的抽查检查结果</Typography.Title>
      {results.isPending && <Spin />}
      {results.isError && <Alert type="error" showIcon title="检查结果加载失败" description={errorMessage(results.error)} />}
      {results.data?.rows.length === 0 && <Empty description="没有已公示的检查结果" />}
      {results.data?.rows.map((r) => (
        <ResultCard key={r.id} result={r} objection={mine.find((o) => o.resultId === r.id)} onObject={() => setObjecting(r)}
          evaluated={evaluated?.has(r.id)} onEvaluate={() => setEvaluating(r)} />
      ))}
      <Typography.Title level={5} style={{ margin: 0 }}>我的异议</Typography.Title>
      {objections.isPending && <Spin />}
      {mine.length === 0 && !objections.isPending && <Empty description="尚未提出异议" />}
      {mine.map((o) => <ObjectionCard key={o.id} objection={o} />)}
      {objecting && <ObjectionForm result={objecting} onClose={() => setObjecting(null)} />}
      {evaluating && <EvaluationForm result={evaluating} onClose={() => setEvaluating(null)} />}
    </Space>
  );
}

export function EntityPage() {
  const session = useEntitySession();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: 'linear-gradient(90deg, #0b3d91, #1677ff)', paddingInline: 16 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, fontSize: 'clamp(15px, 4vw, 20px)', lineHeight: 1.3 }}>检查结果异议</Typography.Title>
        <Link to="/public" style={{ color: '#fff', whiteSpace: 'nowrap', marginLeft: 12 }}>公开信息查询</Link>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, width: '100%', boxSizing: 'border-box' }}>
        {session.isPending && <Spin />}
        {session.isError && <Alert type="error" showIcon title="加载失败" description={errorMessage(session.error)} />}
        {session.data === null && <SignIn />}
        {session.data && <EntityHome session={session.data} />}
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
        依据各地“双随机、一公开”监管工作规定 · suiji 开源项目 · Apache-2.0
      </Layout.Footer>
    </Layout>
  );
}
