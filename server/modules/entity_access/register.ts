import type { AppServices, TypedApp } from '../../http/app';
import { registerContactRoutes } from './contact_routes';
import { registerEntityDrawRecordRoutes } from './draw_record_routes';
import { registerEntitySignInRoutes } from './sign_in_routes';

/** The entity's contact (staff) and its sign-in by code (public; issue #10 item 6). */
export function registerEntityAccessRoutes(app: TypedApp, services: AppServices): void {
  registerContactRoutes(app, services);
  registerEntitySignInRoutes(app, services);
  registerEntityDrawRecordRoutes(app, services);
}
