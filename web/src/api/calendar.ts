/** 工作日历 (server/modules/calendar): years with their status, a year's days, regional holidays. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarYearDetail, CalendarYearRow, RegionalHolidayInput, RegionalHolidayRow, YearScheduleInput } from '../../../server/modules/calendar/schema';
import { apiDelete, apiGet, apiPost, apiPut } from './client';
import { useInvalidate } from './resource';

export type { CalendarYearDetail, CalendarYearRow, RegionalHolidayRow };
export type YearScheduleBody = z.input<typeof YearScheduleInput>;
export type RegionalHolidayBody = z.input<typeof RegionalHolidayInput>;

const BASE = '/api/system/calendar';
const KEY = ['calendar'] as const;

export function useCalendarYears() {
  return useQuery({ queryKey: [...KEY, 'years'], queryFn: () => apiGet<CalendarYearRow[]>(`${BASE}/years`) });
}

export function useCalendarYear(year: number | null) {
  return useQuery({
    queryKey: [...KEY, 'year', year],
    queryFn: () => apiGet<CalendarYearDetail>(`${BASE}/years/${String(year)}`),
    enabled: year !== null,
  });
}

export function useEnterYear() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ year, body }: { year: number; body: YearScheduleBody }) => apiPut<CalendarYearDetail>(`${BASE}/years/${String(year)}`, body),
    onSuccess: () => invalidate([...KEY]),
  });
}

export function useDeleteYear() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (year: number) => apiDelete(`${BASE}/years/${String(year)}`), onSuccess: () => invalidate([...KEY]) });
}

export function useSaveRegionalHoliday() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: RegionalHolidayBody }) => (id
      ? apiPut<RegionalHolidayRow>(`${BASE}/regional-holidays/${encodeURIComponent(id)}`, body)
      : apiPost<RegionalHolidayRow>(`${BASE}/regional-holidays`, body)),
    onSuccess: () => invalidate([...KEY]),
  });
}

export function useDeleteRegionalHoliday() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`${BASE}/regional-holidays/${encodeURIComponent(id)}`),
    onSuccess: () => invalidate([...KEY]),
  });
}
