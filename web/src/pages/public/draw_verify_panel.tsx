/**
 * 复核本次抽取 (issue #11 item 2): runs the draw verifier — the same domain code as the CLI's verify-draw — in a Web
 * Worker over the published documents, and shows MATCH or the first difference, with what was checked in plain
 * Chinese. An entity enters its 统一社会信用代码: the public list says whether it was drawn; with its own 核验记录
 * (stratum, salt and audit path, given to the entity only — the stratum is its credit class and is not public) the
 * check also recomputes its ticket against the stratum's cut-off: rightly drawn, or rightly not drawn.
 */
import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Descriptions, Input, List, Space, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { apiGet, errorMessage, isApiError } from '../../api/client';
import type { Verdict } from '../../verify/verify_draw';
import type { WorkerReply, WorkerRequest } from '../../verify/worker_messages';
import { stratumLabel } from '../draws/draw_text';
import { MONO } from '../draws/hash_text';

interface Run { steps: string[]; verdict?: Verdict; failed?: string; running: boolean }

const SCOPE_TEXT = {
  'receipt-only': '核对了凭证本身与公布的承诺、次序表和检查点；各主体的票号须用其盐值计算（名录库文件只提供给指定核验方，主体可用自己的核验记录核对）。',
  recomputed: '已用名录库文件完整重算：每一户的票号、每一层的抽中名单都与凭证一致。',
} as const;

function readText(file: File, set: (text: string) => void): false {
  void file.text().then(set);
  return false;
}

export function DrawVerifyPanel({ drawId, selected }: { drawId: string; selected: readonly string[] }) {
  const [run, setRun] = useState<Run | null>(null);
  const [code, setCode] = useState('');
  const [entity, setEntity] = useState<string | undefined>();
  const [pool, setPool] = useState<string | undefined>();
  const [fetched, setFetched] = useState<{ ok: boolean; text: string } | null>(null);

  /** A signed-in entity (/public/entity) is given its own record by the server; nobody else is. */
  async function fetchOwnRecord() {
    try {
      const record = await apiGet<{ id: string }>(`/api/entity/draws/${encodeURIComponent(drawId)}/record`);
      setEntity(JSON.stringify(record));
      setCode(record.id);
      setFetched({ ok: true, text: `已取得 ${record.id} 的核验记录，点击“开始复核”即可核对本单位是否应当被抽中` });
    } catch (error) {
      setFetched({ ok: false, text: isApiError(error) && error.status === 401 ? 'NOT_SIGNED_IN' : errorMessage(error) });
    }
  }
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);

  function start() {
    worker.current?.terminate();
    const w = new Worker(new URL('../../verify/verify_worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setRun({ steps: [], running: true });
    w.onmessage = (event: MessageEvent<WorkerReply>) => {
      const m = event.data;
      if (m.kind === 'step') setRun((r) => ({ ...(r ?? { running: true }), steps: [...(r?.steps ?? []), m.text] }));
      else {
        setRun((r) => ({ steps: r?.steps ?? [], running: false, ...(m.kind === 'verdict' ? { verdict: m.verdict } : { failed: m.message }) }));
        w.terminate();
      }
    };
    w.onerror = (event) => setRun((r) => ({ steps: r?.steps ?? [], running: false, failed: `浏览器无法运行核验程序（请使用较新版本的浏览器）${event.message ? `：${event.message}` : ''}` }));
    const request: WorkerRequest = { drawId, ...(entity === undefined ? {} : { entity }), ...(pool === undefined ? {} : { pool }) };
    w.postMessage(request);
  }

  const trimmed = code.trim().toUpperCase();
  const listed = trimmed !== '' && selected.includes(trimmed);
  const v = run?.verdict;
  return (
    <Card title={<span><SafetyCertificateOutlined /> 复核本次抽取</span>} size="small">
      <Typography.Paragraph>
        不必相信本网站：点击“开始复核”，您的浏览器会下载公开的抽取凭证、事先公布的承诺哈希、抽取次序表和留痕检查点，
        在本机用与开源命令行工具 verify-draw 相同的核验程序重新计算，结果一致显示“MATCH（一致）”，否则指出第一处不一致。
      </Typography.Paragraph>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Collapse size="small" items={[{
          key: 'entity', label: '被抽查主体：核对本单位是否应当被抽中',
          children: (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <Input aria-label="统一社会信用代码" placeholder="输入本单位统一社会信用代码" value={code} onChange={(e) => setCode(e.target.value)} maxLength={32} style={{ fontFamily: MONO }} />
              {trimmed !== '' && (
                <Alert type={listed ? 'warning' : 'info'} showIcon title={listed ? `${trimmed} 在本次抽中名单中` : `${trimmed} 不在本次抽中名单中`}
                  description="要核对“应当抽中”或“应当未抽中”，请再取得本单位的抽取核验记录（含所在分层、盐值和名录库证明路径，只提供给本单位：凭短信验证码登录后点“获取本单位核验记录”，或选择登记机关提供的记录文件）后开始复核：程序会算出本单位的票号并与该层的抽取界限比较。" />
              )}
              <Space wrap>
                <Button size="small" onClick={() => { void fetchOwnRecord(); }}>获取本单位核验记录（须凭验证码登录）</Button>
                <Upload accept=".json,application/json" maxCount={1} beforeUpload={(f) => readText(f, setEntity)} onRemove={() => setEntity(undefined)}>
                  <Button size="small">选择本单位核验记录（JSON）</Button>
                </Upload>
              </Space>
              {fetched && (fetched.text === 'NOT_SIGNED_IN'
                ? <Alert type="info" showIcon title={<span>请先在 <Link to="/public/entity">被检查对象</Link> 页面输入统一社会信用代码并凭短信验证码登录，再回到本页获取。</span>} />
                : <Alert type={fetched.ok ? 'success' : 'warning'} showIcon title={fetched.text} />)}
            </Space>
          ),
        }, {
          key: 'pool', label: '指定核验方：用名录库文件完整重算',
          children: (
            <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={(f) => readText(f, setPool)} onRemove={() => setPool(undefined)}>
              <Button size="small">选择名录库文件（CSV）</Button>
            </Upload>
          ),
        }]} />
        <Button type="primary" onClick={start} loading={run?.running === true}>开始复核</Button>
        {run && run.steps.length > 0 && (
          <List size="small" dataSource={run.steps} renderItem={(s) => <List.Item style={{ paddingInline: 0 }}>{s}</List.Item>} />
        )}
        {run?.failed && <Alert type="error" showIcon title="未能完成复核" description={run.failed} />}
        {v?.result === 'MATCH' && (
          <Alert type="success" icon={<CheckCircleFilled />} showIcon title={<span data-testid="verify-verdict">MATCH（一致）：凭证经复算无误</span>} description={(
            <Space orientation="vertical" size={6} style={{ width: '100%' }}>
              <span>{SCOPE_TEXT[v.scope]}</span>
              <Typography.Text strong>逐项核对：</Typography.Text>
              <ol style={{ margin: 0, paddingInlineStart: 20, overflowWrap: 'anywhere' }}>{v.checked.map((c) => <li key={c}>{c}</li>)}</ol>
              {v.entity && (
                <Descriptions size="small" column={1} bordered title="本单位的核对结果">
                  <Descriptions.Item label="统一社会信用代码">{v.entity.id}</Descriptions.Item>
                  <Descriptions.Item label="所在分层">{stratumLabel(v.entity.stratum)}</Descriptions.Item>
                  <Descriptions.Item label="本单位票号"><span style={{ fontFamily: MONO, overflowWrap: 'anywhere' }}>{v.entity.ticket}</span></Descriptions.Item>
                  <Descriptions.Item label="本层抽取界限"><span style={{ fontFamily: MONO, overflowWrap: 'anywhere' }}>{v.entity.threshold || '本层抽取数为 0'}</span></Descriptions.Item>
                  <Descriptions.Item label="结论">{v.entity.summary}</Descriptions.Item>
                </Descriptions>
              )}
            </Space>
          )} />
        )}
        {v?.result === 'MISMATCH' && (
          <Alert type="error" icon={<CloseCircleFilled />} showIcon title={<span data-testid="verify-verdict">发现不一致：{v.message}</span>} description={(
            <Space orientation="vertical" size={4}>
              <span>差异代码：<Typography.Text code>{v.code}</Typography.Text>{v.path ? <>；位置：<Typography.Text code>{v.path}</Typography.Text></> : null}</span>
              {v.checked.length > 0 && <span>此前已核对一致：{v.checked.join('；')}</span>}
              <span>请保存本页的凭证文件，向本级市场监管部门或纪检监察机关反映。</span>
            </Space>
          )} />
        )}
      </Space>
    </Card>
  );
}
