// "Detail this window" asked just before the timeline is hidden (no retainContextWhenHidden: VS
// Code drops the page that asked): the host finishes the re-simulation while the panel is hidden,
// and when the timeline's tab is clicked again the new page shows that window in full detail,
// without the user pressing the button again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeSummary } from '../lensProbe';
import { closeEditorTab, quickInput, runCommand, webviewFrame } from '../workbench';
import { typePath } from './importTrace';

export const DETAIL_WHILE_HIDDEN =
  '"Detail this window" answered while the timeline is hidden is shown when the timeline is shown again';

/**
 * vfio-boot booting for 15 minutes on 64 vCPUs: a few seconds per variant on 2 cores, so the
 * detail (which re-simulates every variant) is still running when the tab is switched.
 */
const SIZE = { seconds: 900, vcpus: 64 };
const NAME = 'detail-hidden';
const OTHER_FILE = 'mm/mmu_notifier.c';
const STARTED_LINE = /detail: re-simulating detail-hidden/;
const DONE_LINE = /detail [\d.]+–[\d.]+ s: \d+ events for \d+ variant/;

function scenarioFile(repo: string, dir: string): string {
  const preset = JSON.parse(readFileSync(join(repo, 'presets', 'vfio-boot.mmulens.json'), 'utf8')) as {
    guest: object;
    workload: object;
  };
  const guest = { ...preset.guest, vcpus: SIZE.vcpus, memory_gib: SIZE.vcpus };
  const workload = { ...preset.workload, boot_s: SIZE.seconds };
  const file = join(dir, `${NAME}.mmulens.json`);
  const scenario = { ...preset, $schema: undefined, name: NAME, duration_s: SIZE.seconds, guest, workload };
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}

async function timelineShown(page: Page): Promise<boolean> {
  const frame = page.locator('iframe.webview.ready').first();
  return (await frame.count()) > 0 && (await frame.isVisible().catch(() => false));
}

/** The editor group that holds the timeline's tab. */
function timelineGroup(page: Page): Locator {
  return page.locator('.editor-group-container', {
    has: page.locator('.tab', { hasText: /MMU Notifier Lens: / }),
  });
}

/**
 * Opens OTHER_FILE in the timeline's group. Quick Open is used from a text editor of another group
 * (a key pressed in the webview may arrive late, and a second Ctrl+P would pick a recent editor),
 * then the file is moved into the timeline's group.
 */
async function besideTimeline(page: Page, tab: Locator, log: (m: string) => void): Promise<void> {
  const groups = page.locator('.editor-group-container');
  const n = await groups.count();
  let index = -1;
  for (let i = 0; i < n; i++)
    if (
      (await groups
        .nth(i)
        .locator('.tab', { hasText: /MMU Notifier Lens: / })
        .count()) > 0
    )
      index = i;
  const here = timelineGroup(page).locator('.tab[data-resource-name="mmu_notifier.c"]');
  if (n < 2) {
    await tab.click();
    await quickInput(page, 'Control+P', OTHER_FILE, 'mmu_notifier.c');
    await here.first().waitFor({ state: 'attached', timeout: 20_000 });
    return;
  }
  const other = groups.nth(index === 0 ? 1 : 0);
  await other.locator('.tab.active').first().click();
  // Its own row, clicked: Enter would take the first row, which may be a recent editor that
  // matches the text loosely (an RFC patch named mm-mmu_notifier-…).
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(OTHER_FILE);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'mmu_notifier.c' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await other
    .locator('.tab.active[data-resource-name="mmu_notifier.c"]')
    .first()
    .waitFor({ timeout: 20_000 });
  log(`${OTHER_FILE} opened in group ${index === 0 ? 2 : 1} of ${n}: moving it to the timeline's`);
  await runCommand(
    page,
    index === 0 ? 'View: Move Editor into First Group' : 'View: Move Editor into Last Group',
  );
  await here.first().waitFor({ state: 'attached', timeout: 10_000 });
}

export const detailWhileHiddenChecks: Check[] = [
  {
    name: DETAIL_WHILE_HIDDEN,
    // Two runs of a few seconds per variant each (the scenario, then its detail): on a loaded
    // 2-core machine this took two minutes.
    timeoutMs: 240_000,
    async run({ page, screenshot, log, artifacts, hostLog }) {
      const count = (re: RegExp): number => hostLog.lines().filter((l) => re.test(l)).length;
      await runCommand(page, 'MMU Notifier Lens: Open scenario…');
      await typePath(page, scenarioFile(process.cwd(), artifacts));
      await waitForProbe(
        page,
        probe.summary,
        (s) => !!s && s.title.startsWith(`${NAME}.mmulens.json`),
        `${NAME} on the timeline`,
        90_000,
      );
      const frame = webviewFrame(page);
      const tab = page.locator('.tabs-container .tab', { hasText: /MMU Notifier Lens: / }).first();
      // A second tab in the timeline's group, so that one click hides the timeline.
      await besideTimeline(page, tab, log);
      const other = timelineGroup(page).locator('.tab[data-resource-name="mmu_notifier.c"]').first();
      await tab.click();
      await waitForProbe(page, probe.summary, (s) => !!s, 'the timeline shown again', 30_000);
      // A window of about a minute to detail (a few thousand events): zoomed in six times.
      for (let i = 0; i < 6; i++) await frame.locator('button', { hasText: '+' }).first().click();
      await page.waitForTimeout(600);
      const before = await probe.summary(page);
      const button = frame.locator('button', { hasText: 'Detail this window' });
      await button.waitFor({ state: 'visible', timeout: 20_000 });

      const started = count(STARTED_LINE);
      const done = count(DONE_LINE);
      await button.click();
      await hostLog.waitFor(STARTED_LINE, 15_000, started);
      await other.click();
      await waitForProbe(page, timelineShown, (shown) => !shown, 'the timeline hidden', 10_000);
      if (count(DONE_LINE) > done)
        throw new Error('the detail ended before the timeline was hidden: this check proves nothing');
      log('the timeline was hidden while the detail ran');
      const line = await hostLog.waitFor(DONE_LINE, 90_000, done);
      log(`host: ${line[0]}`);
      await page.waitForTimeout(500);

      await tab.click();
      await frame.locator('body[data-detail="1"]').waitFor({ state: 'attached', timeout: 60_000 });
      const note = (await frame.locator('.mnl-detail-note').textContent()) ?? '';
      log(`detail note: ${note}`);
      if (!note.startsWith('detailed')) throw new Error(`the detail note says "${note}"`);
      const after = await waitForProbe(page, probe.summary, (s) => !!s, 'the detailed window', 10_000);
      const view = (s: ProbeSummary | null): string =>
        s ? `${Math.round(s.view.start)}–${Math.round(s.view.end)}` : 'none';
      log(`view before: ${view(before)} ns; detailed: ${view(after)} ns`);
      if (
        !before ||
        !after ||
        Math.abs(after.view.start - before.view.start) > 1 ||
        Math.abs(after.view.end - before.view.end) > 1
      )
        throw new Error('the detailed window is not the one asked for');
      await page.waitForTimeout(500);
      log(`screenshot ${await screenshot('15-detail-after-hidden')}`);
      await closeEditorTab(page, 'mmu_notifier.c');
    },
  },
];
