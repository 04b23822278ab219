/**
 * 数据权限 (data scope). A role grants one of five scopes; a user's effective scope is the union
 * over their roles. Store functions take the effective scope as a required argument and compile it
 * into a parameterised predicate (server/db/scope_sql.ts); nothing here touches SQL.
 */
export const DATA_SCOPE_KINDS = ['all', 'region_and_below', 'department', 'self', 'custom'] as const;
export type DataScopeKind = (typeof DATA_SCOPE_KINDS)[number];

export const DATA_SCOPE_LABELS: Record<DataScopeKind, string> = {
  all: '全部数据',
  region_and_below: '本区域及下级',
  department: '本部门',
  self: '仅本人',
  custom: '自定义部门',
};

export interface RoleScopeGrant {
  readonly dataScope: DataScopeKind;
  /** Departments granted by a 自定义 scope; ignored for other kinds. */
  readonly customDepartmentIds: readonly string[];
}

export interface ScopeSubject {
  readonly userId: string;
  readonly departmentId: string | null;
  /** GB/T 2260 code of the user's department's region, e.g. 220100. */
  readonly regionCode: string | null;
}

/**
 * The effective scope. A record is visible when ANY of these holds: it lies in one of
 * `regionPrefixes` (GB/T 2260 prefix: 2201 covers 220100 and 220102), it belongs to one of
 * `departmentIds`, or it is owned by `userId`.
 */
export type DataScope =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'limited';
      readonly regionPrefixes: readonly string[];
      readonly departmentIds: readonly string[];
      readonly userId: string | null;
    };

/**
 * The prefix of a GB/T 2260 code that covers the region and everything below it:
 * 220000 (province) → '22', 220100 (city) → '2201', 220102 (district) → '220102'.
 */
export function regionPrefix(regionCode: string): string {
  if (regionCode.endsWith('0000')) return regionCode.slice(0, 2);
  if (regionCode.endsWith('00')) return regionCode.slice(0, 4);
  return regionCode;
}

export function resolveDataScope(subject: ScopeSubject, grants: readonly RoleScopeGrant[]): DataScope {
  const regionPrefixes = new Set<string>();
  const departmentIds = new Set<string>();
  let self = false;
  for (const grant of grants) {
    switch (grant.dataScope) {
      case 'all':
        return { kind: 'all' };
      case 'region_and_below':
        if (subject.regionCode) regionPrefixes.add(regionPrefix(subject.regionCode));
        break;
      case 'department':
        if (subject.departmentId) departmentIds.add(subject.departmentId);
        break;
      case 'self':
        self = true;
        break;
      case 'custom':
        for (const id of grant.customDepartmentIds) departmentIds.add(id);
        break;
    }
  }
  return {
    kind: 'limited',
    regionPrefixes: [...regionPrefixes].sort(),
    departmentIds: [...departmentIds].sort(),
    userId: self ? subject.userId : null,
  };
}

/** Whether a record with the given owner attributes is inside the scope (used where a row is already loaded). */
export function scopeAllows(
  scope: DataScope,
  record: { readonly regionCode: string | null; readonly departmentId: string | null; readonly ownerUserId: string | null },
): boolean {
  if (scope.kind === 'all') return true;
  const { regionCode, departmentId, ownerUserId } = record;
  if (regionCode && scope.regionPrefixes.some((p) => regionCode.startsWith(p))) return true;
  if (departmentId && scope.departmentIds.includes(departmentId)) return true;
  return ownerUserId !== null && ownerUserId === scope.userId;
}
