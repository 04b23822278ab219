/** 后续处置 (issue #10 item 7): the routes of the follow-ups module, registered together by server/modules/index.ts. */
import type { AppServices, TypedApp } from '../../http/app';
import { registerFollowUpActionRoutes } from './action_routes';
import { registerFollowUpRoutes } from './routes';

export function registerFollowUpModule(app: TypedApp, services: AppServices): void {
  registerFollowUpRoutes(app, services);
  registerFollowUpActionRoutes(app, services);
}
