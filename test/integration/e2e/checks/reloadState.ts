// The timeline's state survives reloads: "Developer: Reload Webviews" (the page redraws
// from getState()) and a reload of the whole window (the WebviewPanelSerializer revives the
// panel, the page redraws from its saved state). These checks reload: keep them last.
import type { Page } from 'playwright-core';
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeSummary } from '../lensProbe';
import { runCommand, webviewFrame } from '../workbench';
import { RENDERED } from './simulateFromLens';

export const WEBVIEW_RELOAD = 'the timeline shows the same run after "Developer: Reload Webviews" (getState)';
export const WINDOW_RELOAD = 'after a window reload the serializer revives the timeline with the same run';

/** What must survive: the run, its variants and sizes (the view window may be re-fitted). */
function key(s: ProbeSummary | null): string {
  return s ? JSON.stringify({ title: s.title, variants: s.variants, totals: s.totals }) : 'null';
}

/** Marks the current page so that a reloaded one can be told apart. */
async function markPage(page: Page): Promise<void> {
  await webviewFrame(page)
    .locator('body')
    .evaluate(() => {
      (globalThis as unknown as { __beforeReload?: boolean }).__beforeReload = true;
    });
}

async function isReloaded(page: Page): Promise<boolean> {
  return webviewFrame(page)
    .locator('body[data-rendered="1"]')
    .evaluate(() => !(globalThis as unknown as { __beforeReload?: boolean }).__beforeReload, undefined, {
      timeout: 2_000,
    })
    .catch(() => false);
}

export const reloadStateChecks: Check[] = [
  {
    name: WEBVIEW_RELOAD,
    requires: [RENDERED],
    async run({ page, state, log }) {
      const before = await probe.summary(page);
      if (!before) throw new Error('no run on the timeline before the reload');
      state.set('beforeReload', before);
      await page.waitForTimeout(1_000); // the page saves its state 400 ms after the last change
      await markPage(page);
      await page
        .locator('.editor-group-container')
        .first()
        .click({ position: { x: 300, y: 300 } });
      await runCommand(page, 'Developer: Reload Webviews');
      await waitForProbe(page, isReloaded, (r) => r, 'a reloaded timeline page', 30_000);
      const after = await waitForProbe(page, probe.summary, (s) => !!s, 'the reloaded model', 20_000);
      log(`before: ${key(before)}`);
      log(`after:  ${key(after)}`);
      if (key(after) !== key(before)) throw new Error('the reloaded timeline shows another run');
    },
  },
  {
    name: WINDOW_RELOAD,
    requires: [RENDERED],
    timeoutMs: 150_000,
    async run({ page, state, screenshot, log }) {
      const before = (state.get('beforeReload') as ProbeSummary | undefined) ?? (await probe.summary(page));
      if (!before) throw new Error('no run on the timeline before the reload');
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: 60_000 });
      const after = await waitForProbe(page, probe.summary, (s) => !!s, 'the revived timeline', 60_000);
      log(`before: ${key(before)}`);
      log(`after:  ${key(after)}`);
      if (key(after) !== key(before)) throw new Error('the revived timeline shows another run');
      await page.waitForTimeout(500);
      log(`screenshot ${await screenshot('10-after-window-reload')}`);
    },
  },
];
