/** 检查实施与结果 (issue #10): the routes of the results module, registered together by server/modules/index.ts. */
import type { AppServices, TypedApp } from '../../http/app';
import { registerAttachmentRoutes } from './attachment_routes';
import { registerCorrectionRoutes } from './correction_routes';
import { registerPublicResultRoutes } from './public_routes';
import { registerReviewRoutes } from './review_routes';
import { registerResultEntryRoutes } from './routes';
import { registerResultSettingsRoutes } from './settings_routes';
import { registerTaskPublishRoutes } from './task_publish_routes';

export function registerResultRoutes(app: TypedApp, services: AppServices): void {
  registerResultEntryRoutes(app, services);
  registerAttachmentRoutes(app, services);
  registerReviewRoutes(app, services);
  registerTaskPublishRoutes(app, services);
  registerCorrectionRoutes(app, services);
  registerPublicResultRoutes(app, services);
  registerResultSettingsRoutes(app, services);
}
