// The workbench opens the Linux 6.12 tree, and mm/mprotect.c shows its lenses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../check';
import { findCallSites, type ExpectedSite } from '../../shared/kernelSites';
import { E2E_CALL_TEXT, E2E_FILE, LENSES_PER_CALL_SITE, SIMULATE_LENS } from '../../shared/expectedLenses';
import { goToLine, lensAbove, openFile } from '../workbench';

export const WORKBENCH = 'the workbench opens the Linux 6.12 tree';
export const OPEN_FILE = `Quick Open opens ${E2E_FILE}`;
export const LENSES = 'every notifier call in the file has its lenses right above it';

/** The call sites of the e2e file, from the tests' own reading of it. */
export function e2eSites(workspace: string): ExpectedSite[] {
  return findCallSites(readFileSync(join(workspace, E2E_FILE), 'utf8'));
}

export const openKernelFileChecks: Check[] = [
  {
    name: WORKBENCH,
    timeoutMs: 120_000,
    async run({ page, baseUrl, workspace, screenshot, log }) {
      await page.goto(`${baseUrl}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      // The explorer lists the tree's top level (mm/ among it).
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: /^mm$/ })
        .first()
        .waitFor({ timeout: 90_000 });
      log(`screenshot ${await screenshot('1-workbench')}`);
    },
  },
  {
    name: OPEN_FILE,
    requires: [WORKBENCH],
    async run({ page, screenshot, log }) {
      await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } });
      await openFile(page, E2E_FILE);
      log(`screenshot ${await screenshot('2-file-open')}`);
    },
  },
  {
    name: LENSES,
    requires: [OPEN_FILE],
    timeoutMs: 120_000,
    async run({ page, workspace, screenshot, log, state }) {
      const sites = e2eSites(workspace);
      if (!sites.length) throw new Error(`no call site found in ${E2E_FILE}`);
      for (const site of sites) {
        await goToLine(page, site.line + 1);
        for (const kind of LENSES_PER_CALL_SITE) {
          const lens = await lensAbove(page, site.line + 1, kind.titlePrefix);
          const title = ((await lens.textContent()) ?? '').trim();
          if (!title.startsWith(kind.titlePrefix))
            throw new Error(`lens above line ${site.line + 1}: "${title}"`);
          log(`line ${site.line + 1} (${site.callee}): "${title}"`);
        }
      }
      const target = sites.find((s) => s.text.includes(E2E_CALL_TEXT));
      if (!target) throw new Error(`${E2E_FILE} has no line with ${E2E_CALL_TEXT}`);
      state.set('targetLine', target.line + 1);
      await goToLine(page, target.line + 1);
      await lensAbove(page, target.line + 1, SIMULATE_LENS.titlePrefix);
      log(`screenshot ${await screenshot('3-codelens')}`);
    },
  },
];
