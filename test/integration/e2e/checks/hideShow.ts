// The timeline restores itself after being hidden (no retainContextWhenHidden, issue 15 item 4):
// zoom in, open another file in the timeline's editor group (VS Code drops the hidden page), click
// the timeline's tab again. The page is a new one (a mark left on the old page is gone), and it
// shows the same run in the same view window, redrawn from its saved state.
import type { Page } from 'playwright-core';
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeSummary } from '../lensProbe';
import { closeEditorTab, quickInput, webviewFrame } from '../workbench';
import { RENDERED } from './simulateFromLens';

export const HIDE_SHOW =
  'hiding the timeline behind another editor and showing it again brings back the same run and view window';

/** A file of the kernel tree opened over the timeline (its own tab in the timeline's group). */
const OTHER_FILE = 'mm/mmu_notifier.c';

const TIMELINE_TAB = '.tabs-container .tab';

function key(s: ProbeSummary | null): string {
  return s
    ? JSON.stringify({ title: s.title, variants: s.variants, totals: s.totals, view: s.view })
    : 'null';
}

async function markPage(page: Page): Promise<void> {
  await webviewFrame(page)
    .locator('body')
    .evaluate(() => {
      (globalThis as unknown as { __beforeHide?: boolean }).__beforeHide = true;
    });
}

async function isNewPage(page: Page): Promise<boolean> {
  return webviewFrame(page)
    .locator('body[data-rendered="1"]')
    .evaluate(() => !(globalThis as unknown as { __beforeHide?: boolean }).__beforeHide, undefined, {
      timeout: 2_000,
    })
    .catch(() => false);
}

export const hideShowChecks: Check[] = [
  {
    name: HIDE_SHOW,
    requires: [RENDERED],
    timeoutMs: 90_000,
    async run({ page, screenshot, log }) {
      const frame = webviewFrame(page);
      const tab = page.locator(TIMELINE_TAB, { hasText: /MMU Notifier Lens: / }).first();
      // A view window of our own: zoomed in twice from whatever the run showed.
      await frame.locator('button', { hasText: '+' }).first().click();
      await frame.locator('button', { hasText: '+' }).first().click();
      await page.waitForTimeout(600);
      const before = await probe.summary(page);
      if (!before) throw new Error('no run on the timeline before hiding it');
      await markPage(page);
      // The timeline's group is active (its tab clicked): Quick Open opens the file over it.
      await tab.click();
      await quickInput(page, 'Control+P', OTHER_FILE, 'mmu_notifier.c');
      const other = page.locator('.tab.active[data-resource-name="mmu_notifier.c"]');
      await other.first().waitFor({ state: 'visible', timeout: 20_000 });
      await page.waitForTimeout(1_000);
      const frames = await page.locator('iframe.webview.ready').count();
      const visible = await page
        .locator('iframe.webview.ready')
        .first()
        .isVisible()
        .catch(() => false);
      log(`hidden: ${frames} webview frame(s), first visible: ${visible}`);
      if (frames > 0 && visible) throw new Error('the timeline is still shown after opening a file over it');
      log(`screenshot ${await screenshot('9c-timeline-hidden')}`);

      await tab.click();
      await waitForProbe(
        page,
        isNewPage,
        (r) => r,
        'a new timeline page after showing the tab again',
        30_000,
      );
      const after = await waitForProbe(page, probe.summary, (s) => !!s, 'the restored timeline', 20_000);
      log(`before: ${key(before)}`);
      log(`after:  ${key(after)}`);
      if (key(after) !== key(before))
        throw new Error('the timeline shown again has another run or view window than before');
      await page.waitForTimeout(500);
      log(`screenshot ${await screenshot('9d-timeline-shown-again')}`);
      // Tidy up: close the file behind the timeline, give the first group the focus back.
      await closeEditorTab(page, 'mmu_notifier.c');
      await page
        .locator('.editor-group-container')
        .first()
        .click({ position: { x: 300, y: 300 } });
    },
  },
];
