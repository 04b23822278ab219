/** Tags for the 检查对象名录库 page, from the domain's closed lists (domain/directory/entity.ts). */
import { ENTITY_STATUSES, ENTITY_TYPES, RISK_CLASSES, type EntityStatus, type EntityType, type RiskClass } from '../../../../domain/directory/entity_lists';
import type { ValueEnum } from '../../components/value_tag';

const STATUS_COLORS: Record<EntityStatus, string> = {
  active: 'green', operating: 'green', suspended: 'orange', deregistered: 'default', revoked: 'red', cancelled: 'red', moved_out: 'default',
};

export const ENTITY_STATUS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(ENTITY_STATUSES) as EntityStatus[]).map((key) => [key, { text: ENTITY_STATUSES[key], color: STATUS_COLORS[key] }]),
);

export const ENTITY_TYPE_ENUM: ValueEnum = Object.fromEntries((Object.keys(ENTITY_TYPES) as EntityType[]).map((key) => [key, { text: ENTITY_TYPES[key] }]));

const RISK_COLORS: Record<RiskClass, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

export const RISK_CLASS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(RISK_CLASSES) as RiskClass[]).map((key) => [key, { text: `${key} ${RISK_CLASSES[key]}`, color: RISK_COLORS[key] }]),
);
