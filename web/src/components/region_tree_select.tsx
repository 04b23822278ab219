/**
 * 行政区划 picker: a lazy tree (children load on expand, /api/system/regions?parentCode=). For a
 * preset value the ancestors (GB/T 2260: 22xxxx → 220000 → 2201xx → 220100) are loaded first, so
 * the picker shows the name and opens at the right place. Typing searches all regions on the server
 * (a lazy tree only knows what was expanded) and lists the matches with their codes.
 */
import { TreeSelect } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useState, type CSSProperties } from 'react';
import { fetchRegions, regionQueryKey, type RegionRow } from '../api/system';

function ancestorsOf(code: string): string[] {
  if (!/^\d{6}$/.test(code)) return [];
  return [...new Set([`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`])].filter((c) => c !== code);
}

export interface RegionTreeSelectProps {
  readonly value?: string;
  readonly onChange?: (value: string | undefined) => void;
  readonly placeholder?: string;
  readonly style?: CSSProperties;
  /** Shown when the value's node cannot be loaded (outside the caller's scope). */
  readonly fallbackLabel?: string;
  readonly id?: string;
}

export function RegionTreeSelect({ value, onChange, placeholder = '请选择行政区划', style, fallbackLabel, id }: RegionTreeSelectProps) {
  const client = useQueryClient();
  const [nodes, setNodes] = useState<ReadonlyMap<string, RegionRow>>(new Map());
  const [failed, setFailed] = useState(false);
  const [keyword, setKeyword] = useState('');
  const term = useDeferredValue(keyword.trim());
  const searching = term.length > 0;
  const found = useQuery({
    queryKey: regionQueryKey(null, term),
    queryFn: () => fetchRegions(null, term),
    enabled: searching,
    staleTime: 5 * 60_000,
  });

  const load = useCallback(async (parentCode: string | null): Promise<RegionRow[]> => {
    const rows = await client.fetchQuery({
      queryKey: regionQueryKey(parentCode),
      queryFn: () => fetchRegions(parentCode),
      staleTime: 5 * 60_000,
    });
    setNodes((previous) => {
      const next = new Map(previous);
      for (const row of rows) next.set(row.code, row);
      return next;
    });
    return rows;
  }, [client]);

  useEffect(() => {
    let cancelled = false;
    async function preload() {
      try {
        const top = await load(null);
        const known = new Set(top.map((r) => r.code));
        for (const ancestor of value ? ancestorsOf(value) : []) {
          if (cancelled || !known.has(ancestor)) continue;
          for (const child of await load(ancestor)) known.add(child.code);
        }
      } catch {
        if (!cancelled) setFailed(true);
      }
    }
    void preload();
    return () => { cancelled = true; };
  }, [load, value]);

  const treeData = searching
    ? (found.data ?? []).map((region) => ({
      id: region.code, pId: null, value: region.code, isLeaf: true,
      title: `${region.name}（${region.code}）${region.enabled ? '' : '（已停用）'}`,
    }))
    : [...nodes.values()].map((region) => ({
      id: region.code,
      pId: region.parentCode,
      value: region.code,
      title: region.enabled ? region.name : `${region.name}（已停用）`,
      isLeaf: !region.hasChildren,
    }));
  if (!searching && value && !nodes.has(value)) treeData.push({ id: value, pId: null, value, title: fallbackLabel ?? value, isLeaf: true });

  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(next: string | undefined) => {
        setKeyword('');
        onChange?.(next);
      }}
      treeDataSimpleMode
      treeData={treeData}
      loadData={searching ? undefined : async (node) => { await load(String(node.value)); }}
      placeholder={placeholder}
      allowClear
      showSearch
      searchValue={keyword}
      onSearch={setKeyword}
      filterTreeNode={false}
      onOpenChange={(open) => { if (!open) setKeyword(''); }}
      treeDefaultExpandedKeys={value ? ancestorsOf(value) : []}
      notFoundContent={searching ? (found.isFetching ? '正在搜索…' : '没有匹配的区划') : failed ? '行政区划加载失败' : '暂无数据'}
      style={style}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 260, maxHeight: 400 } } }}
    />
  );
}
