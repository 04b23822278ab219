/** 检查实施与结果 (issue #10): the routes of the results module, registered together by server/modules/index.ts. */
import type { AppServices, TypedApp } from '../../http/app';
import { registerAttachmentRoutes } from './attachment_routes';
import { registerResultEntryRoutes } from './routes';

export function registerResultRoutes(app: TypedApp, services: AppServices): void {
  registerResultEntryRoutes(app, services);
  registerAttachmentRoutes(app, services);
}
