/**
 * 国民经济行业分类 (GB/T 4754-2017) picker: a lazy tree 门类 → 大类 → 中类 → 小类 (children load on expand,
 * /api/codes/industries?parent=), any level selectable; typing searches the whole table by code or name. A preset
 * value's ancestors are loaded first so the picker shows its name.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useDeferredValue, useEffect, useState, type CSSProperties } from 'react';
import { fetchIndustries, industryQueryKey, type IndustryOption } from '../api/entities';

/** The parents to load for a code: 5121 → F, 51, 512 (the section comes from the path the server returns). */
function parentsOf(code: string): string[] {
  if (!/^\d{3,4}$/.test(code)) return [];
  return code.length === 4 ? [code.slice(0, 2), code.slice(0, 3)] : [code.slice(0, 2)];
}

export interface IndustrySelectProps {
  readonly value?: string;
  readonly onChange?: (value: string | undefined) => void;
  readonly placeholder?: string;
  readonly style?: CSSProperties;
  readonly id?: string;
  /** Only 大类 and below (an entity's own industry); a filter may be a 门类. */
  readonly leafLevels?: boolean;
}

export function IndustrySelect({ value, onChange, placeholder = '请选择行业', style, id, leafLevels = false }: IndustrySelectProps) {
  const client = useQueryClient();
  const [nodes, setNodes] = useState<ReadonlyMap<string, IndustryOption & { parent: string | null }>>(new Map());
  const [keyword, setKeyword] = useState('');
  const term = useDeferredValue(keyword.trim());
  const searching = term.length > 0;
  const found = useQuery({ queryKey: industryQueryKey(null, term), queryFn: () => fetchIndustries(null, term), enabled: searching, staleTime: Infinity });

  const load = useCallback(async (parent: string | null): Promise<IndustryOption[]> => {
    const rows = await client.fetchQuery({ queryKey: industryQueryKey(parent), queryFn: () => fetchIndustries(parent), staleTime: Infinity });
    setNodes((previous) => {
      const next = new Map(previous);
      for (const row of rows) next.set(row.code, { ...row, parent });
      return next;
    });
    return rows;
  }, [client]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const sections = await load(null);
      if (!value || cancelled) return;
      const section = /^\d/.test(value) ? (await fetchIndustries(null, value)).find((i) => i.code === value)?.path[0]?.code : null;
      if (section && sections.some((s) => s.code === section)) await load(section);
      for (const parent of parentsOf(value)) if (!cancelled) await load(parent);
    })().catch(() => undefined);
    return () => { cancelled = true; };
  }, [load, value]);

  const treeData = searching
    ? (found.data ?? []).map((i) => ({
      id: i.code, pId: null, value: i.code, isLeaf: true, selectable: !leafLevels || i.level !== 'section',
      title: `${i.code} ${i.name}${i.path.length > 1 ? `（${i.path.slice(0, -1).map((p) => p.name).join(' / ')}）` : ''}`,
    }))
    : [...nodes.values()].map((i) => ({
      id: i.code, pId: i.parent, value: i.code, isLeaf: i.isLeaf, title: `${i.code} ${i.name}`, selectable: !leafLevels || i.level !== 'section',
    }));
  if (!searching && value && !nodes.has(value)) treeData.push({ id: value, pId: null, value, isLeaf: true, title: value, selectable: true });

  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(next: string | undefined) => { setKeyword(''); onChange?.(next); }}
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
      notFoundContent={searching ? (found.isFetching ? '正在搜索…' : '没有匹配的行业') : '暂无数据'}
      style={style}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 320, maxHeight: 420 } } }}
    />
  );
}
