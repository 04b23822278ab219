/**
 * List state in the URL query string (?name=张&status=active&page=2&pageSize=50), so a reload or a
 * shared link shows the same page. Only the declared filter names are read; the rest is ignored.
 */
import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export interface ListQuery {
  readonly filters: Readonly<Record<string, string>>;
  readonly page: number;
  readonly pageSize: number;
  /** Replaces all filters and goes back to page 1. */
  readonly search: (filters: Readonly<Record<string, string | undefined>>) => void;
  readonly setPage: (page: number, pageSize: number) => void;
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

export function useListQuery(filterNames: readonly string[], defaultPageSize: number = DEFAULT_PAGE_SIZE): ListQuery {
  const [params, setParams] = useSearchParams();
  // react-router gives a new setter on every URL change; the callbacks below read the latest one, so they (and the
  // filters object) stay the same across page changes and the memoised search form does not re-render with the page.
  const setParamsRef = useRef(setParams);
  setParamsRef.current = setParams;
  const search = params.toString();
  const names = filterNames.join('\n');
  const declared = useMemo(() => (names === '' ? [] : names.split('\n')), [names]);
  const filterSearch = useMemo(() => {
    const current = new URLSearchParams(search);
    const only = new URLSearchParams();
    for (const name of declared) {
      const value = current.get(name);
      if (value) only.set(name, value);
    }
    return only.toString();
  }, [search, declared]);
  const filters = useMemo(() => Object.fromEntries(new URLSearchParams(filterSearch)) as Record<string, string>, [filterSearch]);
  const current = new URLSearchParams(search);
  const page = positiveInt(current.get('page'), 1);
  const sizeParam = positiveInt(current.get('pageSize'), defaultPageSize);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(sizeParam) ? sizeParam : defaultPageSize;

  const write = useCallback((nextFilters: Readonly<Record<string, string | undefined>>, nextPage: number, nextSize: number) => {
    const next = new URLSearchParams();
    for (const name of declared) {
      const value = nextFilters[name]?.trim();
      if (value) next.set(name, value);
    }
    if (nextPage > 1) next.set('page', String(nextPage));
    if (nextSize !== defaultPageSize) next.set('pageSize', String(nextSize));
    setParamsRef.current(next);
  }, [declared, defaultPageSize]);
  const searchWith = useCallback((nextFilters: Readonly<Record<string, string | undefined>>) => write(nextFilters, 1, pageSize), [write, pageSize]);
  const setPage = useCallback((nextPage: number, nextSize: number) => write(filters, nextSize === pageSize ? nextPage : 1, nextSize), [write, filters, pageSize]);
  // One object per distinct URL state, so that memoised consumers (the list page's table) re-render only when the
  // query really changed.
  return useMemo(() => ({ filters, page, pageSize, search: searchWith, setPage }), [filters, page, pageSize, searchWith, setPage]);
}
