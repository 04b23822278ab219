/**
 * 行政检查通知书与实地核查记录表 in the browser (issue #10 item 1): on the demo data (last year's task, dispatched and
 * matched, server/demo/workflow_story.ts) the 市场监管局 administrator opens an object's notice page, numbers the notice,
 * records its delivery, looks at the A4 sheet on screen and as printed (the toolbar and the platform's menu gone),
 * downloads the Word file, and opens the 实地核查记录表 with both departments' items. Screenshots in e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => { harness = await startHarness(); }, 300_000);
afterAll(async () => { await harness?.close(); });

interface TaskRow { id: string; name: string; status: string; matched: boolean }
interface ObjectRow { id: string; entityName: string; status: string; team: { active: boolean }[] }

describe('行政检查通知书与实地核查记录表', () => {
  test('编号 → 登记送达 → 打印预览 → 下载 Word → 实地核查记录表', async () => {
    await runJourney(harness, 'notice_failure', async () => {
      const { page, baseUrl } = harness;
      await harness.signIn('scjg_admin');
      const tasks = await (await page.request.get(`${baseUrl}/api/workflow/dispatch/tasks`)).json() as TaskRow[];
      // The demo's task of last year (on PostgreSQL the journeys share one database: other tasks may be dispatched too);
      // its first results moved it from 已派发 to 检查中.
      const task = tasks.find((t) => /^\d{4}年度食品经营单位与排污单位联合抽查$/.test(t.name) && ['dispatched', 'inspecting'].includes(t.status) && t.matched);
      expect(task, JSON.stringify(tasks)).toBeDefined();
      const objects = await (await page.request.get(`${baseUrl}/api/workflow/tasks/${task?.id ?? ''}/objects`)).json() as ObjectRow[];
      let object: ObjectRow | undefined;
      for (const candidate of objects.filter((o) => o.status === 'pending' && o.team.some((m) => m.active))) {
        const status = await (await page.request.get(`${baseUrl}/api/inspection/objects/${candidate.id}/notice`)).json() as { notice: unknown };
        if (status.notice === null) { object = candidate; break; }
      }
      if (!object) throw new Error(`没有尚未编号且已匹配检查组的检查对象：${JSON.stringify(objects)}`);

      await page.goto(`${baseUrl}/inspection/objects/${object.id}/notice`);
      await page.getByText('该检查对象的行政检查通知书尚未编号').waitFor();
      await page.getByRole('button', { name: '生成通知书编号' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: /生\s*成/ }).click();
      const number = page.locator('.print-sheet .doc-number');
      await number.waitFor();
      // The default prefix: the department's short name (the demo's 市场监管局 is 「市场监管」) and the words of 渝北 附件2.
      const numberText = (await number.textContent()) ?? '';
      expect(numberText).toMatch(/^\S+ 部门联合双随机抽检字【\d{4}】第\d+号$/);
      await expect.poll(() => page.locator('.print-sheet h1').textContent()).toContain('行政检查通知书');
      expect(await page.locator('.print-sheet').textContent()).toContain(`${object.entityName}：`);

      await page.getByRole('button', { name: '登记送达' }).click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '登记送达' });
      await dialog.getByLabel('签收人').fill('法定代表人本人');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText(/已送达 · 直接送达/).waitFor();
      await page.getByText('☑直接送达').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await harness.screenshot('notice_print');

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.print-toolbar').isVisible()).toBe(false);
      expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
      await harness.screenshot('notice_print_media');
      await page.emulateMedia({ media: 'screen' });

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 Word/ }).click()]);
      expect(download.suggestedFilename()).toBe(`行政检查通知书-${object.entityName}-${/【(\d{4})】第(\d+)号/.exec(numberText)?.slice(1).join('第') ?? ''}号.docx`);

      await page.getByRole('link', { name: '实地核查记录表' }).click();
      await page.waitForURL(new RegExp(`/inspection/objects/${object.id}/record-form$`));
      await page.locator('.print-sheet h1').filter({ hasText: '实地核查记录表' }).waitFor();
      const sections = await page.locator('.print-sheet .section-title').allTextContents();
      expect(sections).toEqual(['一、长春市市场监督管理局检查事项', '二、长春市生态环境局检查事项']);
      expect(await page.locator('.print-sheet').textContent()).toContain(`行政检查通知书文号：${numberText}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await harness.screenshot('record_form_print_top', { fullPage: false });
      await harness.screenshot('record_form_print');
      await page.locator('.print-sheet .section-title').first().scrollIntoViewIfNeeded();
      await harness.screenshot('record_form_print_items', { fullPage: false });
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await harness.screenshot('record_form_print_end', { fullPage: false });
      await page.emulateMedia({ media: 'print' });
      await harness.screenshot('record_form_print_media');
      await page.emulateMedia({ media: 'screen' });

      // On a phone (the inspector at the entity's door): the sheet takes the screen's width, the actions wrap above it.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl}/inspection/objects/${object.id}/notice`);
      await page.locator('.print-sheet .doc-number').waitFor();
      await harness.screenshot('notice_print_phone', { fullPage: false });
      await page.setViewportSize({ width: 1440, height: 900 });
    });
  }, 5 * 60_000);
});
