/**
 * On a phone (390×844) an 执法检查人员 (inspector01), the 系统管理员 (admin) and a 部门管理员
 * (scjg_admin) open the menu drawer from the header and visit every menu page: no page is wider
 * than the screen, each tab has its page's title, and the drawer closes on navigation. inspector01
 * gets no 行政区划 item. At 1440 px the left menu is the fixed sider as before. Screenshots go to
 * e2e/screenshots/mobile_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { runJourney, startHarness, type Harness } from './harness';

const PLATFORM = 'suiji 双随机、一公开监管平台';
const PHONE = { width: 390, height: 844 };

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('手机上使用：菜单抽屉、页面不超出屏幕、页面标题', () => {
  test('inspector01、admin、scjg_admin 在 390 px 下访问全部菜单页；1440 px 下保持侧边菜单', async () => {
    await runJourney(harness, 'mobile_failure', journey);
  }, 480_000); // every menu page for three accounts at two widths: ~2.5 min on a quiet CI machine, over the 3-minute default under load
});

/** How far the page is wider than the window (0 when nothing sticks out sideways). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Waits for the page's requests to settle (a busy machine may never be fully idle: then go on). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
}

async function openDrawer(page: Page) {
  await page.getByRole('button', { name: '打开菜单' }).click();
  const drawer = page.locator('.ant-drawer-body');
  await drawer.locator('.ant-menu-root').waitFor({ state: 'visible' });
  return drawer;
}

async function visitAllMenuPages(account: string): Promise<string[]> {
  const { page, context } = harness;
  await context.clearCookies();
  await harness.signIn(account);
  await page.waitForURL((url) => url.pathname === '/');
  await expect.poll(() => page.title()).toBe(`工作台 - ${PLATFORM}`);
  // The sider is gone; the header fits the screen.
  expect(await page.locator('.ant-layout-sider').count()).toBe(0);
  await settle(page);
  expect(await overflow(page), `${account} 工作台`).toBeLessThanOrEqual(0);

  let drawer = await openDrawer(page);
  const links = drawer.locator('.ant-menu-item a[href]');
  const targets: { href: string; label: string }[] = [];
  for (const link of await links.all()) {
    targets.push({ href: (await link.getAttribute('href')) ?? '', label: ((await link.textContent()) ?? '').trim() });
  }
  expect(targets.length).toBeGreaterThan(1);
  if (account === 'inspector01') await harness.screenshot('mobile_02_inspector_drawer', { fullPage: false });
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });

  for (const target of targets) {
    drawer = await openDrawer(page);
    await drawer.locator('.ant-menu-item a', { hasText: new RegExp(`^${target.label}$`) }).click();
    await page.waitForURL((url) => url.pathname === target.href);
    // Following a link closes the drawer.
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => page.title(), { message: `${account} ${target.label}` }).toBe(`${target.label} - ${PLATFORM}`);
    await settle(page);
    expect(await overflow(page), `${account} ${target.label} 页面宽于屏幕`).toBeLessThanOrEqual(0);
  }
  return targets.map((t) => t.label);
}

async function journey(): Promise<void> {
  const { page, baseUrl } = harness;
  await page.setViewportSize(PHONE);

  // 执法检查人员: the 一单两库 pages they read, no 行政区划 (they read regions only for pickers).
  const inspectorPages = await visitAllMenuPages('inspector01');
  expect(inspectorPages).toContain('检查对象名录库');
  expect(inspectorPages).not.toContain('行政区划');
  await page.goto(`${baseUrl}/directory/entities`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await settle(page);
  // The wide table scrolls inside its own box; the pager is the compact one.
  expect(await page.locator('.ant-table-content, .ant-table-body').first().evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.locator('.ant-pagination-simple').count()).toBe(1);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await harness.screenshot('mobile_03_inspector_entities');

  // 系统管理员: every page, 行政区划 included.
  const adminPages = await visitAllMenuPages('admin');
  expect(adminPages).toEqual(expect.arrayContaining(['行政区划', '用户管理', '操作日志', '登录日志']));
  await page.goto(`${baseUrl}/`);
  await page.getByText('常用入口').first().waitFor({ state: 'visible' }).catch(() => undefined);
  await settle(page);
  await harness.screenshot('mobile_01_admin_dashboard');

  // A dialog fits the screen.
  await page.goto(`${baseUrl}/system/users`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await page.locator('button', { hasText: /^新增$/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '新增用户' });
  await dialog.waitFor({ state: 'visible' });
  const box = await dialog.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
  await harness.screenshot('mobile_04_admin_user_dialog', { fullPage: false });
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await dialog.waitFor({ state: 'hidden' });

  // A detail page names its record in the tab title.
  await page.goto(`${baseUrl}/system/dictionaries`);
  const firstType = page.locator('.ant-table-tbody .ant-table-row').first();
  await firstType.waitFor({ state: 'visible' });
  await firstType.locator('a[href^="/system/dictionaries/"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/system/dictionaries/'));
  await expect.poll(() => page.title()).toMatch(new RegExp(`^.+ - 字典数据 - ${PLATFORM}$`));

  // 部门管理员.
  const deptPages = await visitAllMenuPages('scjg_admin');
  expect(deptPages).toContain('用户管理');

  // Desktop is unchanged: the fixed sider with its fold button, no drawer button.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${baseUrl}/system/users`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await page.locator('.ant-layout-sider').waitFor({ state: 'visible' });
  expect(await page.getByRole('button', { name: '打开菜单' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: '收起菜单' }).count()).toBe(1);
  expect(await page.locator('header').textContent()).toContain(PLATFORM);
  expect(await page.title()).toBe(`用户管理 - ${PLATFORM}`);
  await settle(page);
  await harness.screenshot('mobile_05_desktop_users');
}
