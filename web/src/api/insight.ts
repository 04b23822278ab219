/** 待办 (server/modules/todos) and 计划模拟测算 (server/modules/plan_simulation). */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SimulationBody, SimulationResult } from '../../../server/modules/plan_simulation/schema';
import type { TodoItemRow, TodoList } from '../../../server/modules/todos/schema';
import { apiGet, apiPost } from './client';

export type { SimulationResult, TodoItemRow, TodoList };
export type SimulationRequest = z.input<typeof SimulationBody>;

export function useTodos() {
  return useQuery({ queryKey: ['todos'], queryFn: () => apiGet<TodoList>('/api/todos'), refetchInterval: 5 * 60_000 });
}

/** The simulation of a stored plan's version (its current version when `version` is null). */
export function usePlanSimulation(planId: string | null, version: number | null = null) {
  return useQuery({
    queryKey: ['plan-simulation', planId, version],
    queryFn: () => apiGet<SimulationResult>(`/api/plans/${encodeURIComponent(planId ?? '')}/simulation`, version === null ? undefined : { version }),
    enabled: planId !== null,
  });
}

/** Simulates plan content being drafted (not yet stored). */
export function useSimulateContent() {
  return useMutation({ mutationFn: (body: SimulationRequest) => apiPost<SimulationResult>('/api/plans/simulate', body) });
}
