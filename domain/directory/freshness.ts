import { err, ok, type Result } from '../basics/result';
import { toDayNumber, type DateOnly } from '../calendar/civil_date';

/**
 * 两库确认 (长春第7条): 「各级各有关部门每次组织抽查活动前必须对“两库”进行更新确认，并对其真实性、及时性负责」.
 * A department confirms each of its two directories; a draw is refused while either confirmation is
 * missing or older than the configured maximum age.
 */
export const DIRECTORIES = {
  entities: '检查对象名录库',
  inspectors: '执法检查人员名录库',
} as const;
export type DirectoryKind = keyof typeof DIRECTORIES;
export const DIRECTORY_KINDS = Object.keys(DIRECTORIES) as [DirectoryKind, ...DirectoryKind[]];

/** The default maximum age of a confirmation, in calendar days (app_meta `directory.freshnessDays`). */
export const DEFAULT_FRESHNESS_DAYS = 30;
export const MAX_FRESHNESS_DAYS = 366;

export interface DirectoryConfirmationFact {
  readonly directory: DirectoryKind;
  /** The calendar day (Asia/Shanghai) of the confirmation. */
  readonly confirmedOn: DateOnly;
}

export interface FreshnessInput {
  readonly departmentName: string;
  readonly confirmations: readonly DirectoryConfirmationFact[];
  /** The directories a draw needs; both by default. */
  readonly directories?: readonly DirectoryKind[];
}

export type FreshnessStatus = 'fresh' | 'stale' | 'missing';

export interface DirectoryFreshness {
  readonly directory: DirectoryKind;
  readonly label: string;
  readonly lastConfirmedOn: DateOnly | null;
  /** Calendar days since the last confirmation (0 on the day itself), null when never confirmed. */
  readonly ageDays: number | null;
  readonly status: FreshnessStatus;
}

export interface FreshnessRefusal {
  readonly code: 'DIRECTORY_NOT_FRESH';
  readonly message: string;
  /** The directories that are missing or stale, in DIRECTORY_KINDS order. */
  readonly problems: readonly DirectoryFreshness[];
}

/** The state of each directory: its latest confirmation, its age and whether it is still fresh. */
export function directoryFreshness(input: FreshnessInput, today: DateOnly, maxAgeDays: number): DirectoryFreshness[] {
  const wanted = input.directories ?? DIRECTORY_KINDS;
  return DIRECTORY_KINDS.filter((kind) => wanted.includes(kind)).map((directory) => {
    let last: DateOnly | null = null;
    for (const c of input.confirmations) if (c.directory === directory && (last === null || c.confirmedOn > last)) last = c.confirmedOn;
    const label = DIRECTORIES[directory];
    if (last === null) return { directory, label, lastConfirmedOn: null, ageDays: null, status: 'missing' };
    const ageDays = Math.max(0, toDayNumber(today) - toDayNumber(last));
    return { directory, label, lastConfirmedOn: last, ageDays, status: ageDays > maxAgeDays ? 'stale' : 'fresh' };
  });
}

/**
 * Ok with each directory's state when every needed directory was confirmed within `maxAgeDays`
 * calendar days of `today`; otherwise a refusal whose message names the department, each problem
 * directory and its last confirmation date, e.g. 「长春市朝阳区市场监督管理局 的检查对象名录库最近一次确认于
 * 2026-10-01，已超过 30 天，请先更新并确认两库后再抽取」.
 */
export function checkDirectoryFreshness(input: FreshnessInput, today: DateOnly, maxAgeDays: number): Result<DirectoryFreshness[], FreshnessRefusal> {
  const states = directoryFreshness(input, today, maxAgeDays);
  const problems = states.filter((s) => s.status !== 'fresh');
  if (problems.length === 0) return ok(states);
  const parts = problems.map((p) => (p.lastConfirmedOn === null
    ? `${p.label}尚未确认`
    : `${p.label}最近一次确认于 ${p.lastConfirmedOn}，已超过 ${maxAgeDays} 天`));
  return err({
    code: 'DIRECTORY_NOT_FRESH',
    message: `${input.departmentName} 的${parts.join('；')}，请先更新并确认两库后再抽取`,
    problems,
  });
}
