/**
 * 发布本任务全部已通过结果 (server/modules/results/task_publish_routes.ts) against the demo data: the 市场监管局 opens
 * a task's 待公示 results (as 待办 links them), sees the button with the count, and confirms; one result is published
 * meanwhile by another request, so the server refuses the stale count (409, nothing published) and the list
 * refreshes; confirming again publishes the rest. Screenshots at 390 and 1440 px go to e2e/screenshots/task_publish_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

interface Approved { readonly taskId: string; readonly ids: string[] }

/** The demo task with the most 已通过 results the signed-in user sees. */
async function approvedTask(): Promise<Approved> {
  const rows = await harness.page.evaluate(async () => {
    const answer = await (await fetch('/api/inspection/results?status=approved&pageSize=200')).json() as { rows: { id: string; taskId: string }[] };
    return answer.rows;
  });
  const byTask = new Map<string, string[]>();
  for (const r of rows) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r.id]);
  const [taskId, ids] = [...byTask].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  return { taskId, ids };
}

describe('发布本任务全部已通过结果', () => {
  test('确认条数 → 其间有结果被公示时拒绝并刷新 → 再次确认全部公示', async () => {
    await runJourney(harness, 'task_publish_failure', async () => {
      const { page, baseUrl } = harness;
      await harness.signIn('scjg_admin');
      const { taskId, ids } = await approvedTask();
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const n = ids.length;

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl}/inspection/results?taskId=${taskId}&status=approved`);
      const button = page.getByRole('button', { name: `发布本任务全部已通过结果（${n}）` });
      await button.waitFor();
      await harness.screenshot('task_publish_list_phone');
      await page.setViewportSize({ width: 1440, height: 900 });
      await harness.screenshot('task_publish_list');

      await button.click();
      const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
      await confirm.getByText(`全部 ${n} 条已通过的检查结果`).waitFor();
      await harness.screenshot('task_publish_confirm', { fullPage: false });

      // Meanwhile another reviewer publishes one of them.
      const status = await page.evaluate(async (id) => {
        const csrf = decodeURIComponent(/(?:^|; )suiji_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
        return (await fetch('/api/inspection/results/publish', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ ids: [id] }) })).status;
      }, ids[0]);
      expect(status).toBe(200);
      await confirm.getByRole('button', { name: `公示 ${n} 条` }).click();
      await page.getByText(`与确认时的 ${n} 条不符`).waitFor();
      await harness.screenshot('task_publish_conflict', { fullPage: false });
      const fresh = page.getByRole('button', { name: `发布本任务全部已通过结果（${n - 1}）` });
      await fresh.waitFor();

      await fresh.click();
      await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: `公示 ${n - 1} 条` }).click();
      await page.getByText(`已公示本任务 ${n - 1} 条检查结果`).waitFor();
      await expect.poll(() => page.getByRole('button', { name: /发布本任务全部已通过结果/ }).count()).toBe(0);
      await harness.screenshot('task_publish_done');
    });
  }, 8 * 60_000);
});
