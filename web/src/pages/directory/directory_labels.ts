/** Tags and options for the 一单两库 pages, from the domain's closed enums (domain/directory/*). */
import { EXPERT_STATUSES } from '../../../../domain/directory/expert';
import { DIRECTORIES } from '../../../../domain/directory/freshness';
import { GENDERS, INSPECTOR_STATUSES } from '../../../../domain/directory/inspector';
import type { ValueEnum } from '../../components/value_tag';

export const INSPECTOR_STATUS_ENUM = {
  on_duty: { text: INSPECTOR_STATUSES.on_duty, color: 'green' },
  on_leave: { text: INSPECTOR_STATUSES.on_leave, color: 'blue' },
  transferred: { text: INSPECTOR_STATUSES.transferred, color: 'default' },
  retired: { text: INSPECTOR_STATUSES.retired, color: 'default' },
} as const satisfies ValueEnum;

export const GENDER_ENUM = { male: { text: GENDERS.male }, female: { text: GENDERS.female } } as const satisfies ValueEnum;

/** The certificate tags: 有效 / 30 天内到期 / 已过期 (威海第6条: only a valid certificate qualifies). */
export const CERTIFICATE_ENUM = {
  valid: { text: '有效', color: 'green' },
  expiring: { text: '30 天内到期', color: 'orange' },
  expired: { text: '已过期', color: 'red' },
  missing: { text: '未填有效期', color: 'default' },
} as const satisfies ValueEnum;

export const EXPERT_STATUS_ENUM = {
  available: { text: EXPERT_STATUSES.available, color: 'green' },
  unavailable: { text: EXPERT_STATUSES.unavailable, color: 'orange' },
} as const satisfies ValueEnum;

export const DIRECTORY_ENUM = {
  entities: { text: DIRECTORIES.entities, color: 'blue' },
  inspectors: { text: DIRECTORIES.inspectors, color: 'purple' },
} as const satisfies ValueEnum;

export const FRESHNESS_ENUM = {
  fresh: { text: '在确认时限内', color: 'green' },
  stale: { text: '已超过确认时限', color: 'red' },
  missing: { text: '尚未确认', color: 'red' },
} as const satisfies ValueEnum;
