/** One simulation: validate the departments, count the pools and the staff, run the pure simulator, name the regions. */
import type { DataScope } from '../../../domain/access/data_scope';
import { RISK_CLASSES } from '../../../domain/directory/entity';
import { simulatePlan, type SimulatedTask } from '../../../domain/workflow/simulate';
import { DEFAULT_TEAM_SETTINGS } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { badRequest } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import type { SimulationBody, SimulationResult } from './schema';
import { countPool, existingDepartments, loadStaff, regionNames } from './store';

function stratumLabel(key: string): string {
  if (key === 'all') return '全部（不分层）';
  if (key === 'unrated') return '未评级';
  return key in RISK_CLASSES ? `${key} ${RISK_CLASSES[key as keyof typeof RISK_CLASSES]}` : key;
}

/** `readScope` is the caller's directory read scope (the region is already checked against it). */
export async function runSimulation(db: Db, readScope: DataScope, body: SimulationBody, now: Date, plan: { id: string; version: number } | null): Promise<SimulationResult> {
  const ids = [...new Set(body.tasks.flatMap((t) => [...t.departmentIds, ...t.requiredExpertise.map((x) => x.departmentId)]))];
  const names = await existingDepartments(db, ids);
  const missing = body.tasks.flatMap((t, i) => t.departmentIds.flatMap((id, j) => (names.has(id) ? [] : [{ field: `tasks.${i}.departmentIds.${j}`, message: '部门不存在或已删除' }])));
  if (missing.length > 0) throw badRequest('VALIDATION_FAILED', `${missing.length} 个部门不存在或已删除`, missing);
  const started = performance.now();
  const [pools, staff] = await Promise.all([
    Promise.all(body.tasks.map((t) => countPool(db, readScope, body.regionCode, body.year, t))),
    loadStaff(db, names),
  ]);
  const elapsedMs = Math.round(performance.now() - started);
  const asOf = shanghaiDate(now);
  const result = simulatePlan({
    asOf, annualCap: body.annualCap, departments: staff,
    tasks: body.tasks.map((t, i): { task: SimulatedTask; pool: typeof pools[number] } => ({
      task: { ...t, team: { ...DEFAULT_TEAM_SETTINGS, ...t.team }, requiredExpertise: t.requiredExpertise },
      pool: pools[i] ?? [],
    })),
  });
  const regionCodes = [...new Set(result.tasks.flatMap((t) => t.strata.flatMap((s) => s.regions.map((r) => r.regionCode))))];
  const regionName = await regionNames(db, regionCodes);
  return {
    ...result, departments: [...result.departments], warnings: [...result.warnings], regionCode: body.regionCode, year: body.year, asOf,
    planId: plan?.id ?? null, version: plan?.version ?? null, elapsedMs,
    tasks: result.tasks.map((t) => ({
      ...t, departments: [...t.departments],
      strata: t.strata.map((s) => ({ ...s, label: stratumLabel(s.key), regions: s.regions.map((r) => ({ ...r, regionName: regionName.get(r.regionCode) ?? r.regionCode })) })),
    })),
  };
}
