import type { AppServices, TypedApp } from '../../http/app';
import { registerEntityAccessRoutes } from '../entity_access/register';
import { registerObjectionAttachmentRoutes } from './attachment_routes';
import { registerEntityObjectionRoutes } from './entity_routes';
import { registerObjectionRoutes } from './routes';

/** 异议与复核 (issue #10 item 6): the department's review, the entity's sign-in by code and its online filing. */
export function registerObjectionModule(app: TypedApp, services: AppServices): void {
  registerEntityAccessRoutes(app, services);
  registerObjectionRoutes(app, services);
  registerEntityObjectionRoutes(app, services);
  registerObjectionAttachmentRoutes(app, services);
}
