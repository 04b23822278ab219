import type { AppServices, TypedApp } from '../../http/app';
import { registerOpenDataRoutes } from './open_data_routes';
import { registerPortalRoutes } from './public_routes';

/** The 公示 portal's public routes (plans, tasks, open data); the other public lists live with their modules. */
export function registerPortal(app: TypedApp, services: AppServices): void {
  registerPortalRoutes(app, services);
  registerOpenDataRoutes(app, services);
}
