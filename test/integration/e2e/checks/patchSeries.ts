// A patch of the RFC v2 series (test/fixtures/series/rfc-v2, as `b4 am` leaves them) opened
// in the workbench shows the lenses above each notifier call in its hunks (expected sites
// from the tests' own reading of the patch, shared/patchSites.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Check } from '../check';
import { LENSES_PER_CALL_SITE } from '../../shared/expectedLenses';
import { findPatchCallSites } from '../../shared/patchSites';
import { goToLine, lensAbove, openFile } from '../workbench';
import { WORKBENCH } from './openKernelFile';

export const SERIES_RULES_LENSES =
  'an RFC-v2-shaped mbox written on a later tree, opened on the 6.12 workspace, shows lenses that simulate v6.12 + series rules';

export const PATCH_LENSES =
  'a patch of the RFC v2 series opened from the fixtures shows lenses above its notifier calls';

/** The repository root (the folder with package.json above this bundle). */
export function repoRoot(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

export function seriesDir(): string {
  return join(repoRoot(), 'test/fixtures/series/rfc-v2');
}

/** The patch the UI check opens: the one that adds mmu_notifier_numa_protect() calls. */
export function uiPatch(): string {
  const name = readdirSync(seriesDir()).find((f) => /^0004-.*\.patch$/.test(f));
  if (!name) throw new Error(`no 0004-*.patch in ${seriesDir()}`);
  return join(seriesDir(), name);
}

export const patchSeriesChecks: Check[] = [
  {
    name: PATCH_LENSES,
    requires: [WORKBENCH],
    timeoutMs: 120_000,
    async run({ page, screenshot, log }) {
      const file = uiPatch();
      const sites = findPatchCallSites(readFileSync(file, 'utf8'));
      if (!sites.length) throw new Error(`the tests find no notifier call in ${file}`);
      await page
        .locator('.editor-group-container')
        .first()
        .click({ position: { x: 300, y: 300 } });
      const base = file.split('/').pop() ?? file;
      // Quick Open takes an absolute path to a file outside the workspace folder.
      await openFile(page, file);
      for (const site of sites) {
        await goToLine(page, site.line + 1);
        for (const kind of LENSES_PER_CALL_SITE) {
          const lens = await lensAbove(page, site.line + 1, kind.titlePrefix);
          log(
            `${base}:${site.line + 1} (${site.callee} in ${site.file}): "${((await lens.textContent()) ?? '').trim()}"`,
          );
        }
      }
      await goToLine(page, sites[0].line + 1);
      log(`screenshot ${await screenshot('9-patch-series-lenses')}`);
    },
  },
  {
    name: SERIES_RULES_LENSES,
    requires: [WORKBENCH],
    timeoutMs: 150_000,
    async run({ page, screenshot, log }) {
      const file = join(repoRoot(), 'test/fixtures/series/rfc-v2-on-6.5.mbx');
      const sites = findPatchCallSites(readFileSync(file, 'utf8'));
      if (!sites.length) throw new Error(`the tests find no notifier call in ${file}`);
      const base = file.split('/').pop() ?? file;
      await openFile(page, file);
      const site = sites[0];
      await goToLine(page, site.line + 1);
      // The worker answers after the first lenses are drawn: wait for the title to name the series' rules.
      const deadline = Date.now() + 90_000;
      let title = '';
      for (;;) {
        const lens = await lensAbove(page, site.line + 1, '▶ Simulate');
        title = ((await lens.textContent()) ?? '').trim();
        if (title.endsWith('v6.12 vs v6.12 + series rules')) break;
        if (Date.now() > deadline) throw new Error(`lens title never named the series' rules: "${title}"`);
        await page.waitForTimeout(500);
      }
      log(`${base}:${site.line + 1} (${site.callee} in ${site.file}): "${title}"`);
      log(`screenshot ${await screenshot('9b-series-rules-lenses')}`);
    },
  },
];
