/**
 * 检查对象名录库 in the browser, as the 朝阳区市场监督管理局's administrator (scjg_chaoyang_admin): search the demo
 * directory by a two-character name and by pinyin initials, open a record, import a GBK CSV with three bad rows
 * (仅导入正确的行), download the error file, fix it and import it again, then export the filtered list (Excel and CSV).
 * Screenshots go to e2e/screenshots/entities_*.png.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeUscc } from '../domain/codes/uscc';
import { runJourney, startHarness, type Harness } from './harness';
import { pickOption } from './antd';

let harness: Harness;
let files: string;
beforeAll(async () => {
  harness = await startHarness();
  files = await mkdtemp(join(tmpdir(), 'suiji-e2e-entities-'));
});
afterAll(async () => {
  await harness?.close();
  await rm(files, { recursive: true, force: true });
});

const PREFIX = '长春市朝阳区试导';

function code(n: number): string {
  const r = makeUscc(`91220104MA${String(7_000_000 + n).padStart(7, '0')}`);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Eight rows: five good, then a wrong check character, a region not in GB/T 2260, an industry not in GB/T 4754. */
function csv(): Buffer {
  const lines = ['统一社会信用代码/注册号,名称,主体类型,行政区划代码,行业代码,登记状态,成立日期'];
  for (let n = 1; n <= 5; n++) lines.push(`${code(n)},${PREFIX}${n}号商贸有限公司,企业,220104,5121,存续,2021-0${n}-15`);
  const bad = code(6);
  lines.push(`${bad.slice(0, 17)}${bad.endsWith('0') ? '1' : '0'},${PREFIX}6号商贸有限公司,企业,220104,5121,存续,2021-06-15`);
  lines.push(`${code(7)},${PREFIX}7号商贸有限公司,企业,229999,5121,存续,2021-07-15`);
  lines.push(`${code(8)},${PREFIX}8号商贸有限公司,企业,220104,9999,存续,2021-08-15`);
  return iconv.encode(lines.join('\r\n'), 'gbk');
}

/** A screenshot of what is on screen (the whole page with `true`). */
const shot = (name: string, fullPage = false) => harness.screenshot(name, { fullPage });

async function download(page: Page, click: () => Promise<void>): Promise<{ file: Download; path: string }> {
  const waiting = page.waitForEvent('download');
  await click();
  const file = await waiting;
  const path = join(files, file.suggestedFilename());
  await file.saveAs(path);
  return { file, path };
}

async function sheetRows(path: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => { rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v as string)))); });
  return rows;
}

/** Searches by name and waits for the list answering that search to be shown. */
async function search(page: Page, name: string): Promise<void> {
  await page.getByPlaceholder(/名称或拼音首字母/).fill(name);
  const answered = page.waitForResponse((r) => r.url().includes('/api/directory/entities?') && new URL(r.url()).searchParams.get('name') === name);
  await page.locator('button[type=submit]', { hasText: /搜\s*索/ }).click();
  await answered;
  await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' }).catch(() => undefined);
  await page.locator('.ant-table-row').first().waitFor();
}

describe('检查对象名录库', () => {
  test('查找、详情、导入 GBK 文件（三行错误）、下载错误文件修改后重新导入、按筛选条件导出', async () => {
    await runJourney(harness, 'entities_failure', journey);
  });
});

async function journey(): Promise<void> {
  const { page } = harness;
  await harness.signIn('scjg_chaoyang_admin');
  const group = page.locator('.ant-menu-submenu-title', { hasText: '一单两库' });
  await group.waitFor();
  if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
  await page.locator('li.ant-menu-item', { hasText: /^检查对象名录库$/ }).click();
  await page.locator('.ant-table-row').first().waitFor();
  await shot('entities_01_list', true);

  // Two characters (no trigram index) and pinyin initials.
  await search(page, '商贸');
  expect(await page.locator('.ant-table-row', { hasText: '商贸' }).count()).toBeGreaterThan(0);
  await shot('entities_02_two_characters');
  const firstName = (await page.locator('.ant-table-row').first().locator('td').nth(1).innerText()).split('\n')[0]?.trim() ?? '';
  await page.locator('.ant-table-row').first().locator('td').nth(1).locator('a').click();
  const drawer = page.locator('.ant-drawer').filter({ hasText: '检查对象详情' });
  await drawer.getByText(firstName).first().waitFor();
  await drawer.getByText('内部信息（不公开）').waitFor();
  await shot('entities_03_detail');
  await drawer.locator('.ant-drawer-close').click();

  // Import the GBK CSV, valid rows only.
  const csvPath = join(files, '试导.csv');
  await writeFile(csvPath, csv());
  await page.getByRole('button', { name: /导\s*入/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '导入检查对象' });
  await dialog.getByText('仅导入正确的行').click();
  await dialog.locator('input[type=file]').setInputFiles(csvPath);
  await dialog.locator('.ant-upload-list-item').filter({ hasText: '试导.csv' }).waitFor();
  await shot('entities_04a_import_file_picked');
  await dialog.getByRole('button', { name: /开始导入/ }).click();
  await dialog.getByText('正确的行已导入，有错误的行未导入').waitFor({ timeout: 60_000 });
  await shot('entities_04_import_with_errors');

  // The error file: three rows with the original cells and the reasons; fix them and import the file itself.
  const { path: errorsPath } = await download(page, () => dialog.getByRole('link', { name: /下载错误文件/ }).click());
  const rows = await sheetRows(errorsPath);
  const header = rows[0] ?? [];
  expect(header[0]).toBe('原行号');
  expect(header.slice(-2)).toEqual(['错误列', '错误原因']);
  expect(rows.slice(1).map((r) => r[0])).toEqual(['7', '8', '9']);
  expect(rows[1]?.at(-1)).toMatch(/校验位错误/);
  expect(rows[2]?.at(-1)).toMatch(/229999/);
  expect(rows[3]?.at(-1)).toMatch(/9999/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(errorsPath);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('error file without a sheet');
  const col = (name: string) => header.indexOf(name) + 1;
  sheet.getRow(2).getCell(col('统一社会信用代码/注册号')).value = code(6);
  sheet.getRow(3).getCell(col('行政区划代码')).value = '220104';
  sheet.getRow(4).getCell(col('行业代码')).value = '5121';
  const fixedPath = join(files, '试导-修改后.xlsx');
  await workbook.xlsx.writeFile(fixedPath);
  await dialog.getByRole('button', { name: /继续导入/ }).click();
  await dialog.locator('input[type=file]').setInputFiles(fixedPath);
  await dialog.getByRole('button', { name: /开始导入/ }).click();
  await dialog.getByText('导入完成', { exact: true }).waitFor({ timeout: 60_000 });
  await shot('entities_05_reimport_done');
  await dialog.getByRole('button', { name: /完\s*成/ }).click();

  // The eight records, found by their common name part, then exported with that filter.
  await search(page, PREFIX);
  await expect.poll(() => page.locator('.ant-table-row').count()).toBe(8);
  await expect.poll(() => page.getByText('共 8 条').count()).toBe(1);
  await shot('entities_06_imported_filtered', true);
  const { path: xlsxPath } = await download(page, () => page.getByRole('button', { name: /^(download )?导\s*出$/ }).click());
  const exported = await sheetRows(xlsxPath);
  expect(exported).toHaveLength(1 + 8);
  expect(exported.slice(1).every((r) => r[1]?.startsWith(PREFIX))).toBe(true);
  expect(exported[0]).toContain('信用风险分类');
  const { path: csvExport } = await download(page, () => page.getByRole('button', { name: /导出 CSV/ }).click());
  const text = (await readFile(csvExport, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(text).toHaveLength(1 + 8);

  // Pinyin initials of the imported names: 长春市朝阳区试导 → ccscyqsd.
  await search(page, 'cyqsd');
  await expect.poll(() => page.locator('.ant-table-row').count()).toBe(8);

  // Edit one (the form shows the industry and region pickers filled in), then 注销 it with a reason.
  const row = page.locator('.ant-table-row', { hasText: `${PREFIX}8号` });
  await row.getByRole('button', { name: '修改' }).click();
  const edit = page.locator('.ant-modal').filter({ hasText: '修改检查对象' });
  await edit.getByText('米、面制品及食用油批发').first().waitFor();
  await edit.getByLabel('法定代表人').fill('王五');
  await shot('entities_07_edit');
  await edit.getByRole('button', { name: /确\s*定/ }).click();
  await edit.waitFor({ state: 'hidden' });
  await row.getByRole('button', { name: '变更状态' }).click();
  const status = page.locator('.ant-modal').filter({ hasText: '变更登记状态' });
  await pickOption(page, status, '登记状态', '注销');
  await status.getByLabel('变更原因').fill('2026-11-20 注销登记');
  await expect.poll(() => status.getByLabel('变更原因').inputValue()).toBe('2026-11-20 注销登记');
  await shot('entities_08_status');
  await status.getByRole('button', { name: /确\s*定/ }).click();
  await status.waitFor({ state: 'hidden' });
  await row.locator('.ant-tag', { hasText: '注销' }).waitFor();

  // The city 市场监督管理局 sees the whole city's directory but edits only what it registered: 修改 is disabled.
  await harness.context.clearCookies();
  await harness.signIn('scjg_admin');
  await page.goto(`${harness.baseUrl}/directory/entities?name=${encodeURIComponent(PREFIX)}`);
  await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: 30_000 }).toBe(8);
  const foreign = page.locator('.ant-table-row').first();
  expect(await foreign.getByRole('button', { name: '修改' }).isDisabled()).toBe(true);
  await foreign.getByRole('button', { name: '修改' }).hover({ force: true });
  await page.getByRole('tooltip').filter({ hasText: '由「长春市朝阳区市场监督管理局」维护' }).waitFor();
  await shot('entities_09_other_department_read_only');
}
