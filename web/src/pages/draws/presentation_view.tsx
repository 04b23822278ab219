/**
 * 演示模式: the ceremony on a meeting-room projector (issue #9 item 5). Large type, high contrast, no
 * scrollbars at 1280×720 or 1920×1080: sizes are in viewport units, and a drawn list longer than one
 * screen turns pages by itself. Before the result it shows what makes the draw checkable — the pool
 * per stratum, the commitment hash in groups of four, the declared sources and their values as they
 * are entered; then it reveals the drawn list one by one, with the receipt hash and where to verify it.
 */
import { CloseOutlined } from '@ant-design/icons';
import { useEffect, useState, type CSSProperties } from 'react';
import { hashGroups, stratumLabel } from './draw_text';
import { MONO } from './hash_text';

export interface PresentationSource {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly availableAt: string;
  /** The committed or entered value; null while it is awaited. */
  readonly value: string | null;
}

export interface PresentationEntity {
  readonly key: string;
  readonly name: string;
  readonly code: string;
  readonly stratum: string;
}

export interface PresentationData {
  readonly taskName: string;
  readonly taskCode: string;
  readonly attempt: number;
  readonly statusLabel: string;
  readonly strata: readonly { key: string; size: string; quota: string }[];
  readonly poolSize: number | null;
  readonly commitmentHash: string | null;
  readonly sources: readonly PresentationSource[];
  readonly supervisorNames: readonly string[];
  readonly requiredSupervisors: number;
  /** The selected entities in draw order; null before the draw ran. */
  readonly drawn: readonly PresentationEntity[] | null;
  readonly reserveCount: number;
  readonly resultHash: string | null;
  /** The receipt's public page (absolute URL) once published, else null. */
  readonly publicUrl: string | null;
}

/** One screen holds 3 columns × 10 rows at 1280×720; longer lists turn pages. */
export const PAGE_SIZE = 30;
const PAGE_SECONDS = 10;
const REVEAL_MS = 4000;

const C = { bg: '#0a1020', panel: '#131c33', line: '#2b3a63', text: '#ffffff', dim: '#a9b6d6', accent: '#ffd54a', ok: '#5ee08a' } as const;

const label: CSSProperties = { color: C.dim, fontSize: '1.9vh', letterSpacing: '0.1em', marginBottom: '0.8vh' };
const panel: CSSProperties = { background: C.panel, border: `1px solid ${C.line}`, borderRadius: '1vh', padding: '1.6vh 1.6vw' };

/** Reveals `total` items one after another over at most REVEAL_MS, starting when `total` first becomes known. */
function useReveal(total: number | null): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (total === null || total === 0) return;
    const step = Math.max(40, Math.min(150, REVEAL_MS / total));
    const timer = setInterval(() => setShown((n) => {
      if (n + 1 >= total) clearInterval(timer);
      return Math.min(total, n + 1);
    }), step);
    return () => clearInterval(timer);
  }, [total]);
  return total === null ? 0 : Math.min(shown, total);
}

function usePage(count: number, revealed: boolean): number {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (!revealed || pages <= 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [pages, revealed]);
  return Math.min(page, pages - 1);
}

function HashBlock({ hash, size }: { hash: string; size: string }) {
  return (
    <div style={{ fontFamily: MONO, fontSize: size, color: C.accent, display: 'grid', gridTemplateColumns: 'repeat(8, auto)', justifyContent: 'start', columnGap: '1.2vw', rowGap: '0.6vh' }}>
      {hashGroups(hash).map((g, i) => <span key={i}>{g}</span>)}
    </div>
  );
}

function Header({ data }: { data: PresentationData }) {
  return (
    <div style={{ display: 'flex', alignItems: 'baseline', gap: '2vw', minWidth: 0 }}>
      <div style={{ fontSize: '4.2vh', fontWeight: 700, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }} title={data.taskName}>{data.taskName}</div>
      <div style={{ fontSize: '2.2vh', color: C.dim, whiteSpace: 'nowrap' }}>{data.taskCode} · 第 {data.attempt} 次抽取</div>
      <div style={{ marginLeft: 'auto', fontSize: '2.2vh', color: C.bg, background: C.accent, borderRadius: '0.6vh', padding: '0.3vh 1vw', whiteSpace: 'nowrap' }}>{data.statusLabel}</div>
    </div>
  );
}

function CommitmentStage({ data }: { data: PresentationData }) {
  const confirmed = data.supervisorNames.length;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '2vh', flex: 1, minHeight: 0 }}>
      <div style={panel}>
        <div style={label}>冻结名录 · 共 {data.poolSize?.toLocaleString('zh-CN') ?? '—'} 户</div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1vh 3vw' }}>
          {data.strata.map((s) => (
            <div key={s.key} style={{ display: 'flex', alignItems: 'baseline', gap: '0.8vw' }}>
              <span style={{ fontSize: '2.6vh', color: C.dim }}>{stratumLabel(s.key)}</span>
              <span style={{ fontSize: '4.4vh', fontWeight: 700 }}>{Number(s.size).toLocaleString('zh-CN')}</span>
              <span style={{ fontSize: '2.6vh', color: C.dim }}>户，抽取</span>
              <span style={{ fontSize: '4.4vh', fontWeight: 700, color: C.accent }}>{s.quota}</span>
            </div>
          ))}
        </div>
      </div>
      <div style={panel}>
        <div style={label}>承诺哈希（SHA-256，抽取前已锚定并公布）</div>
        {data.commitmentHash ? <HashBlock hash={data.commitmentHash} size="4vh" /> : <div style={{ fontSize: '3vh', color: C.dim }}>尚未冻结名录</div>}
      </div>
      <div style={{ ...panel, flex: 1, minHeight: 0, overflow: 'hidden' }}>
        <div style={label}>随机数来源</div>
        <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: '2vw', rowGap: '1.2vh', alignItems: 'baseline' }}>
          {data.sources.map((s) => (
            <SourceRow key={s.id} source={s} />
          ))}
        </div>
      </div>
      <div style={{ fontSize: '2.6vh', color: confirmed >= data.requiredSupervisors ? C.ok : C.dim }}>
        监督员到场：{confirmed > 0 ? data.supervisorNames.join('、') : '等待确认'}（{confirmed}/{data.requiredSupervisors}）
      </div>
    </div>
  );
}

function SourceRow({ source }: { source: PresentationSource }) {
  const when = new Date(source.availableAt).toLocaleString('zh-CN', { hour12: false });
  return (
    <>
      <div style={{ fontSize: '2.8vh' }}>{source.title}<div style={{ fontSize: '1.9vh', color: C.dim }}>{source.kind} · 产生时间 {when}</div></div>
      <div style={{ fontFamily: MONO, fontSize: source.value && source.value.length > 40 ? '2.4vh' : '5vh', fontWeight: 700, color: source.value ? C.accent : C.dim, wordBreak: 'break-all' }}>
        {source.value ?? '等待录入'}
      </div>
    </>
  );
}

function ResultStage({ data, drawn }: { data: PresentationData; drawn: readonly PresentationEntity[] }) {
  const shown = useReveal(drawn.length);
  const done = shown >= drawn.length;
  const page = usePage(drawn.length, done);
  const pages = Math.max(1, Math.ceil(drawn.length / PAGE_SIZE));
  const first = done ? page * PAGE_SIZE : Math.floor(Math.max(0, shown - 1) / PAGE_SIZE) * PAGE_SIZE;
  const visible = drawn.slice(first, first + PAGE_SIZE);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '1.6vh', flex: 1, minHeight: 0 }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: '1.5vw' }}>
        <span style={{ fontSize: '2.6vh', color: C.dim }}>抽取结果</span>
        <span style={{ fontSize: '5.2vh', fontWeight: 700, color: C.accent }} aria-label="已揭晓">{shown}</span>
        <span style={{ fontSize: '2.6vh', color: C.dim }}>/ {drawn.length} 户（另有备选 {data.reserveCount} 户）</span>
        {pages > 1 && <span style={{ marginLeft: 'auto', fontSize: '2.2vh', color: C.dim }}>第 {Math.floor(first / PAGE_SIZE) + 1} / {pages} 页</span>}
      </div>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0, flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gridTemplateRows: 'repeat(10, minmax(0, 1fr))', gridAutoFlow: 'column', columnGap: '1.4vw', rowGap: '0.7vh' }}>
        {visible.map((e, i) => {
          const index = first + i;
          const on = index < shown;
          return (
            <li key={e.key} style={{ display: 'flex', alignItems: 'center', gap: '0.8vw', minWidth: 0, padding: '0 0.8vw', borderRadius: '0.6vh', background: on ? C.panel : 'transparent', border: `1px solid ${on ? C.line : 'transparent'}`, opacity: on ? 1 : 0, transition: 'opacity 200ms' }}>
              <span style={{ fontFamily: MONO, fontSize: '2.2vh', color: C.accent, flex: 'none' }}>{String(index + 1).padStart(2, '0')}</span>
              <span style={{ fontSize: '2.5vh', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0, flex: 1 }} title={`${e.name} ${e.code}`}>{e.name}</span>
              {data.strata.length > 1 && <span style={{ fontSize: '1.8vh', color: C.dim, flex: 'none' }}>{stratumLabel(e.stratum)}</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function Footer({ data }: { data: PresentationData }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: '2vw', borderTop: `1px solid ${C.line}`, paddingTop: '1.2vh' }}>
      <div style={{ minWidth: 0 }}>
        <div style={label}>{data.resultHash ? '抽取凭证结果哈希' : '承诺哈希'}</div>
        <div style={{ fontFamily: MONO, fontSize: '2.1vh', color: C.accent, wordBreak: 'break-all' }}>{hashGroups(data.resultHash ?? data.commitmentHash ?? '').join(' ') || '—'}</div>
      </div>
      <div style={{ minWidth: 0 }}>
        <div style={label}>核验</div>
        <div style={{ fontSize: '2.1vh', wordBreak: 'break-all' }}>
          {data.publicUrl
            ? <>凭证已公布：<span style={{ fontFamily: MONO, color: C.accent }}>{data.publicUrl}</span>，可下载凭证与名录库文件，用 verify-draw 复核</>
            : '凭证公布后，任何人可在公开信息查询页下载凭证与名录库文件，按开奖公告复核抽取结果'}
        </div>
      </div>
    </div>
  );
}

export function PresentationView({ data, onExit }: { data: PresentationData; onExit: () => void }) {
  useEffect(() => {
    const keydown = (e: KeyboardEvent) => { if (e.key === 'Escape') onExit(); };
    window.addEventListener('keydown', keydown);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => { window.removeEventListener('keydown', keydown); document.body.style.overflow = overflow; };
  }, [onExit]);
  return (
    <div role="dialog" aria-label="演示模式" style={{ position: 'fixed', inset: 0, zIndex: 2000, background: C.bg, color: C.text, overflow: 'hidden', display: 'flex', flexDirection: 'column', gap: '2vh', padding: '3vh 3vw', boxSizing: 'border-box' }}>
      <button type="button" onClick={onExit} aria-label="退出演示" title="退出演示（Esc）" style={{ position: 'absolute', top: '1vh', right: '0.8vw', background: 'transparent', border: 'none', color: C.dim, fontSize: '2vh', cursor: 'pointer', opacity: 0.6 }}>
        <CloseOutlined /> 退出演示
      </button>
      <Header data={data} />
      {data.drawn ? <ResultStage data={data} drawn={data.drawn} /> : <CommitmentStage data={data} />}
      <Footer data={data} />
    </div>
  );
}
