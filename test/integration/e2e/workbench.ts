// Helpers that drive the VS Code workbench page like a person would (keyboard, clicks),
// shared by the e2e checks.
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Type into the quick input (Ctrl+P / F1) and accept the first row that matches `row`. */
export async function quickInput(
  page: Page,
  opener: string,
  text: string,
  row?: string | RegExp,
): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // A key pressed while a webview frame holds the focus reaches the workbench only once the frame
  // forwards it; a just-activated timeline tab sometimes swallows it. Press again, up to three times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(opener);
    const shown = await input
      .waitFor({ state: 'visible', timeout: 4_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`${opener} did not open the quick input (3 tries)`);
  }
  await input.fill(text);
  if (row) {
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: row })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/** Open a file of the workspace through Quick Open (Ctrl+P). */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const base = relPath.split('/').pop() ?? relPath;
  await quickInput(page, 'Control+P', relPath, base);
  await page
    .locator(`.tab[data-resource-name="${base}"]`)
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
}

/** Run a command from the command palette (F1) by its title, e.g. "MMU Notifier Lens: Show log". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await quickInput(page, 'F1', `>${title}`, title);
}

/** Move the cursor to a 1-based line of the active editor (the editor reveals it). */
export async function goToLine(page: Page, line: number): Promise<void> {
  await quickInput(page, 'Control+P', `:${line}`);
  await lineNumber(page, line).waitFor({ state: 'visible', timeout: 10_000 });
}

/** The line-number cell of a 1-based line in the active editor's gutter. */
export function lineNumber(page: Page, line: number): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .line-numbers', {
    hasText: new RegExp(`^\\s*${line}\\s*$`),
  });
}

/**
 * The lens link whose title starts with `titlePrefix`, in the lens row directly above the
 * 1-based `line` (lenses are content widgets in their own layer: matched by y position).
 * Waits up to `timeoutMs` for lenses to appear; once a lens row is there but has no such
 * title, fails after a few seconds, naming the titles it found.
 */
export async function lensAbove(
  page: Page,
  line: number,
  titlePrefix: string,
  timeoutMs = 60_000,
): Promise<Locator> {
  const rows = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration');
  const deadline = Date.now() + timeoutMs;
  let rowSeenAt = 0;
  let found = '';
  for (;;) {
    const cell = await lineNumber(page, line).boundingBox();
    if (cell) {
      const n = await rows.count();
      for (let i = 0; i < n; i++) {
        const b = await rows.nth(i).boundingBox();
        // The lens row sits right above the line: less than two line heights away.
        if (!b || b.y >= cell.y || cell.y - b.y >= 2 * cell.height + 4) continue;
        const links = rows.nth(i).locator('a');
        const titles = (await links.allTextContents()).map((t) => t.trim());
        const k = titles.findIndex((t) => t.startsWith(titlePrefix));
        if (k >= 0) return links.nth(k);
        found = titles.join(' | ');
        rowSeenAt ||= Date.now();
      }
    }
    if (rowSeenAt && Date.now() - rowSeenAt > 5_000) {
      throw new Error(`the lenses above line ${line} are "${found}": none starts with "${titlePrefix}"`);
    }
    if (Date.now() > deadline) throw new Error(`no lens above line ${line} within ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

/** The page inside the (single) visible webview: iframe.webview.ready >> #active-frame. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Close the editor tab of `fileName` if one is open (a tidy-up: nothing happens when there is none). */
export async function closeEditorTab(page: Page, fileName: string): Promise<void> {
  await page
    .locator(`.tab[data-resource-name="${fileName}"] .codicon-close`)
    .first()
    .click({ force: true })
    .catch(() => undefined);
}
