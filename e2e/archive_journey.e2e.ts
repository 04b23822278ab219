/**
 * 一次一档 (issue #10 item 8): the 市场监管局 administrator opens last year's task of the demo — its results entered,
 * reviewed, published and one corrected — reads what the archive holds, clicks 导出档案 and gets a ZIP that
 * `archive verify` finds intact, with the record forms, the photo, the results and the proof of publication; a second
 * download is byte-identical. Desktop (1440) and phone (390) screenshots: e2e/screenshots/archive_*.png.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileSource, unzipBuffer } from '../server/export/zip_reader';
import { verifyArchiveSource } from '../server/modules/archives/verify';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

describe('任务档案：一次一档', () => {
  test('去年的任务 → 导出档案 → 档案完整、可核验、重复导出逐字节相同', async () => {
    await runJourney(harness, 'archive_failure', journey);
  }, 8 * 60_000);
});

async function downloadArchive(page: Page): Promise<Buffer> {
  const waiting = page.waitForEvent('download');
  await page.getByRole('link', { name: /导出档案/ }).click();
  const file = await waiting;
  expect(file.suggestedFilename()).toMatch(/\.zip$/);
  const path = await file.path();
  return readFileSync(path);
}

async function journey(): Promise<void> {
  const { page } = harness;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${harness.baseUrl}/login`);
  await harness.signIn('scjg_admin');
  const taskId = await page.evaluate(async () => {
    const page = await (await fetch('/api/inspection/results?status=published&pageSize=1')).json() as { rows: { taskId: string }[] };
    return page.rows[0]?.taskId ?? null;
  });
  if (!taskId) throw new Error('演示数据中没有已公示结果的任务');
  await page.goto(`${harness.baseUrl}/workflow/tasks/${taskId}`);
  const card = page.locator('.ant-card').filter({ hasText: '任务档案（一次一档）' });
  await card.waitFor();
  await card.scrollIntoViewIfNeeded();
  await harness.screenshot('archive_01_task_page', { fullPage: false });

  const zip = await downloadArchive(page);
  const files = await unzipBuffer(zip);
  const paths = [...files.keys()];
  expect(paths).toEqual(expect.arrayContaining(['说明.txt', 'manifest.json', 'manifest.sha256', '02-实施方案/task.json', '05-检查结果/results.csv', '07-公示证明/publication.json']));
  expect(paths.some((p) => p.endsWith('/实地核查记录表.docx'))).toBe(true);
  expect(paths.some((p) => p.endsWith('/行政检查通知书.docx'))).toBe(true);
  expect(paths.some((p) => p.includes('/附件/'))).toBe(true);
  // The demo's objections (one answered, one under review) and follow-ups (移送 accepted, 责令改正 closed, one open) of the
  // task — at least those: on PostgreSQL the journeys share one database, and the objection journey may have added one.
  expect((JSON.parse(files.get('08-异议与复核/objections.json')?.toString() ?? '[]') as unknown[]).length).toBeGreaterThanOrEqual(2);
  expect((JSON.parse(files.get('09-后续处置/follow_ups.json')?.toString() ?? '[]') as unknown[]).length).toBeGreaterThanOrEqual(3);
  const proof = JSON.parse(files.get('07-公示证明/publication.json')?.toString() ?? '{}') as { published: unknown[]; operations: unknown[] };
  expect(proof.published.length).toBeGreaterThan(0);
  expect(proof.operations.length).toBeGreaterThan(0);
  const corrections = JSON.parse(files.get('06-结果更正/corrections.json')?.toString() ?? '[]') as unknown[];
  expect(corrections.length).toBeGreaterThan(0);

  const saved = join(mkdtempSync(join(tmpdir(), 'archive-e2e-')), 'archive.zip');
  writeFileSync(saved, zip);
  const source = await fileSource(saved);
  try {
    const verdict = await verifyArchiveSource(source);
    expect(verdict.exitCode, verdict.output).toBe(0);
  } finally {
    await source.close();
  }

  // The phone: the card stacks below the task; a second download gives the same bytes.
  await page.setViewportSize({ width: 390, height: 844 });
  await card.scrollIntoViewIfNeeded();
  await harness.screenshot('archive_02_phone', { fullPage: false });
  const again = await downloadArchive(page);
  expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(zip).digest('hex'));
}
