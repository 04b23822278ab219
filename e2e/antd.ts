/** Playwright helpers for antd controls, shared by the journeys. */
import type { Locator, Page } from 'playwright-core';

/**
 * Opens an antd Select (found by its form label inside `scope`) and clicks an option: the one
 * containing `text`, else the first. Waits until the select shows the choice; returns its text.
 *
 * The dropdown is found through the input's `aria-controls` (its own listbox), never "the last
 * visible dropdown", and the pick is retried when a re-render swallowed the click.
 */
export async function pickOption(page: Page, scope: Locator, label: string, text?: string): Promise<string> {
  const input = scope.getByLabel(label, { exact: true });
  // `has` is matched inside each form item, so it names the label from the page root.
  const field = scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) }).first();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await input.click();
      const listId = await input.getAttribute('aria-controls');
      const popup = listId
        ? page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) })
        : page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
      const options = popup.locator('.ant-select-item-option');
      await options.first().waitFor({ state: 'visible' });
      const option = text ? options.filter({ hasText: text }).first() : options.first();
      const chosen = ((await option.textContent()) ?? '').trim();
      await option.click();
      await field.locator('.ant-select').filter({ hasText: chosen }).first().waitFor({ state: 'visible', timeout: 5_000 });
      return chosen;
    } catch (error) {
      lastError = error;
      await page.keyboard.press('Escape');
    }
  }
  throw lastError;
}

/** Clicks a left-menu item, opening its group (一单两库, 系统管理, 系统监控) first when it is folded. */
export async function openMenu(page: Page, group: string, item: string): Promise<void> {
  const title = page.locator('.ant-menu-submenu-title', { hasText: group });
  await title.waitFor();
  if ((await title.getAttribute('aria-expanded')) !== 'true') await title.click();
  await page.locator('li.ant-menu-item', { hasText: new RegExp(`^${item}$`) }).click();
}
