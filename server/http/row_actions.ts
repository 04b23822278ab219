/**
 * What the caller may do with one row of a list, as the list answers it: null when the action is
 * allowed, otherwise the reason (Chinese) the write route would refuse it with. Each resource
 * computes it with the same function its write route uses to refuse, so the list's greyed-out
 * buttons and the route's 403/409 never disagree. Permissions (may the caller edit this kind of
 * row at all) stay with the permission set; this is the per-row answer.
 */
import { z } from 'zod';

export const RowActions = z.object({
  edit: z.string().nullable(),
  delete: z.string().nullable(),
});
export type RowActions = z.infer<typeof RowActions>;
