/**
 * One echarts chart. echarts is loaded on first use by a dynamic import, so it is its own chunk, fetched only when a
 * statistics page draws a chart — never part of the main bundle. Only the bar and pie charts these pages draw are
 * registered (echarts_setup.ts).
 */
import { Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type * as EChartsCore from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';

type EChartsModule = typeof EChartsCore;

let loading: Promise<EChartsModule> | null = null;

function loadEcharts(): Promise<EChartsModule> {
  loading ??= import('./echarts_setup').then((m) => m.echarts);
  return loading;
}

export interface EChartProps {
  readonly option: EChartsCoreOption;
  readonly height: number;
  /** What the chart shows, for screen readers and tests. */
  readonly label: string;
}

export function EChart({ option, height, label }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const chart = useRef<ReturnType<EChartsModule['init']> | null>(null);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadEcharts().then((echarts) => {
      if (disposed || !ref.current) return;
      chart.current = echarts.init(ref.current, undefined, { renderer: 'canvas' });
      setReady(true);
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(ref.current);
    }).catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [ready, option]);

  return (
    <div style={{ position: 'relative', height }}>
      <div ref={ref} role="img" aria-label={label} data-chart={label} data-ready={ready ? 'true' : 'false'} style={{ width: '100%', height }} />
      {!ready && !failed && <div style={{ position: 'absolute', inset: 0 }}><Skeleton active paragraph={{ rows: 4 }} /></div>}
      {failed && <div style={{ position: 'absolute', inset: 0, color: '#999' }}>图表加载失败，请刷新页面重试（下方表格数据不受影响）</div>}
    </div>
  );
}
