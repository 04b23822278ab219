import type { AppServices, TypedApp } from '../../http/app';
import { registerEntityEvaluationRoutes } from './entity_routes';
import { registerEvaluationRoutes } from './routes';

/** 检查对象满意度评价 and the entity's yearly count against the cap (issue #11 item 3). */
export function registerEvaluationModule(app: TypedApp, services: AppServices): void {
  registerEntityEvaluationRoutes(app, services);
  registerEvaluationRoutes(app, services);
}
