/**
 * The filters both statistics pages share — 年度, 行政区划, 部门 — kept in the address (?year=&regionCode=&departmentId=)
 * so a link or a reload shows the same numbers. The server checks them against the caller's data scope.
 */
import { Select, Space } from 'antd';
import { useSearchParams } from 'react-router';
import type { StatisticsFilter } from '../../api/statistics';
import { useCurrentUser } from '../../auth/current_user';
import { DepartmentSelect } from '../../components/department_select';
import { RegionTreeSelect } from '../../components/region_tree_select';

/** The calendar year in China (UTC+8, no daylight saving). */
export function currentYear(): number {
  return new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
}

export function useStatisticsFilter(): [StatisticsFilter, (next: StatisticsFilter) => void] {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year'));
  const filter: StatisticsFilter = {
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : currentYear(),
    regionCode: params.get('regionCode') ?? undefined,
    departmentId: params.get('departmentId') ?? undefined,
  };
  const set = (next: StatisticsFilter) => {
    const out = new URLSearchParams();
    out.set('year', String(next.year));
    if (next.regionCode) out.set('regionCode', next.regionCode);
    if (next.departmentId) out.set('departmentId', next.departmentId);
    setParams(out, { replace: true });
  };
  return [filter, set];
}

export function StatisticsFilters({ filter, onChange }: { filter: StatisticsFilter; onChange: (next: StatisticsFilter) => void }) {
  const me = useCurrentUser();
  const thisYear = currentYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  // A department's user sees only its own tasks: the region and department pickers would narrow nothing.
  const regional = me.roles.some((r) => r.key === 'joint_office' || r.key === 'system_admin');
  return (
    <Space wrap size={[8, 8]}>
      <Select aria-label="年度" value={filter.year} style={{ width: 110 }} onChange={(year: number) => onChange({ ...filter, year })}
        options={years.map((y) => ({ value: y, label: `${y} 年度` }))} />
      {regional && (
        <RegionTreeSelect value={filter.regionCode} placeholder="全部区域" style={{ width: 200 }} fallbackLabel={filter.regionCode}
          onChange={(regionCode) => onChange({ ...filter, regionCode })} />
      )}
      {regional && (
        <DepartmentSelect value={filter.departmentId} placeholder="全部部门" style={{ width: 240 }}
          onChange={(departmentId) => onChange({ ...filter, departmentId })} />
      )}
    </Space>
  );
}
