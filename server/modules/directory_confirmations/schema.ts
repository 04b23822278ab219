import { z } from 'zod';
import { DIRECTORY_KINDS, MAX_FRESHNESS_DAYS } from '../../../domain/directory/freshness';
import { optionalText, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

export const directoryField = z.enum(DIRECTORY_KINDS, { error: '名录库只能是 entities（检查对象名录库）或 inspectors（执法检查人员名录库）' });

export const ConfirmationRow = z.object({
  id: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  directory: directoryField,
  directoryLabel: z.string(),
  confirmedAt: z.string(),
  confirmedBy: z.string(),
  confirmedByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type ConfirmationRow = z.infer<typeof ConfirmationRow>;
export const ConfirmationPage = pageOf(ConfirmationRow);

export const ConfirmationFilters = z.object({
  departmentId: uuidField('部门').optional(),
  directory: directoryField.optional(),
});
export const ConfirmationQuery = ConfirmationFilters.extend(pageQuery);
export type ConfirmationQuery = z.infer<typeof ConfirmationQuery>;

export const ConfirmationInput = z.object({
  directory: directoryField,
  note: optionalText('确认说明', 300),
  /** The department whose directory is confirmed; the caller's own by default. */
  departmentId: uuidField('部门').optional(),
});
export type ConfirmationInput = z.infer<typeof ConfirmationInput>;

export const FreshnessQuery = z.object({ departmentId: uuidField('部门').optional() });

export const DirectoryState = z.object({
  directory: directoryField,
  label: z.string(),
  lastConfirmedOn: z.string().nullable(),
  lastConfirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  ageDays: z.number().int().nullable(),
  status: z.enum(['fresh', 'stale', 'missing']),
});

export const FreshnessReport = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  today: z.string(),
  maxAgeDays: z.number().int(),
  ok: z.boolean(),
  /** The refusal a draw would get now, or null when both directories are fresh. */
  message: z.string().nullable(),
  directories: z.array(DirectoryState),
});
export type FreshnessReport = z.infer<typeof FreshnessReport>;

export const DirectorySettings = z.object({
  freshnessDays: z.number({ error: '确认时限必须是数字' }).int({ error: '确认时限必须是整数天' })
    .min(1, { error: '确认时限至少 1 天' }).max(MAX_FRESHNESS_DAYS, { error: `确认时限不能超过 ${MAX_FRESHNESS_DAYS} 天` }),
});
export type DirectorySettings = z.infer<typeof DirectorySettings>;

/** 两库确认 overview (issue #8 item 8): every department of the caller's region, confirmed, due or overdue. */
export const OVERVIEW_STATUS_FIELD = z.enum(['overdue', 'due', 'confirmed'], { error: '状态只能是 overdue（已逾期）、due（即将到期）或 confirmed（已确认）' });
export const OverviewQuery = z.object({ status: OVERVIEW_STATUS_FIELD.optional() });
export const OverviewDirectory = DirectoryState.extend({
  overviewStatus: OVERVIEW_STATUS_FIELD,
  overviewLabel: z.string(),
  /** The last day the confirmation counts; null when never confirmed. */
  validUntil: z.string().nullable(),
});
export const OverviewRow = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  /** The worst of its directories. */
  status: OVERVIEW_STATUS_FIELD,
  statusLabel: z.string(),
  directories: z.array(OverviewDirectory),
});
export type OverviewRow = z.infer<typeof OverviewRow>;
export const ConfirmationOverview = z.object({
  today: z.string(),
  maxAgeDays: z.number().int(),
  warnDays: z.number().int(),
  /** Departments by status, before the status filter. */
  totals: z.object({ confirmed: z.number().int(), due: z.number().int(), overdue: z.number().int() }),
  rows: z.array(OverviewRow),
});
export type ConfirmationOverview = z.infer<typeof ConfirmationOverview>;
