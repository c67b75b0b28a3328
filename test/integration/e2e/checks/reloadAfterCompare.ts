// A window reload right after "Compare with simulation…" (docs/limits.md): the revived timeline
// shows the comparison, not the run the workbench persisted before it. The workbench saves a
// webview's state with its editors (to the browser's IndexedDB here) and a reload can lose the last
// save; that happened in one e2e run in three. To make the loss certain, this check has the
// workbench page drop every IndexedDB write from before the comparison on: the revived page then
// restores an older run for sure, and the extension host (restarted with the window) must rebuild
// the comparison from its own record, which it keeps on the server's disk.
import type { Page } from 'playwright-core';
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeSummary } from '../lensProbe';
import { IMPORT, compareWithSimulation } from './importTrace';

export const RELOAD_AFTER_COMPARE =
  'a window reload one second after "Compare with simulation…" revives the comparison, even when the workbench lost its last save of the page state';

/** The line the host logs when it rebuilds the run a revived page lacks (src/extension/timelineRevival.ts). */
const REBUILD_LINE = /timeline revived with (.*) instead of "(.*)": rebuilding it/;

function key(s: ProbeSummary | null): string {
  return s ? JSON.stringify({ title: s.title, variants: s.variants, totals: s.totals }) : 'null';
}

/**
 * From now on the workbench page's read-write transactions on its state databases fail: nothing it saves reaches
 * the browser's storage (a reload starts a new page without this patch).
 */
async function dropStorageWrites(page: Page): Promise<void> {
  await page.evaluate(() => {
    interface Idb {
      prototype: {
        name: string;
        transaction(this: { name: string }, names: unknown, mode?: string, ...rest: unknown[]): unknown;
      };
    }
    const g = globalThis as unknown as { IDBDatabase: Idb; __mnlDroppedWrites?: number };
    const original = g.IDBDatabase.prototype.transaction;
    g.__mnlDroppedWrites = 0;
    g.IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
      // The workbench's state databases only (vscode-web-state-db-*), not its log files' database.
      if (mode === 'readwrite' && this.name.startsWith('vscode-web-state-db')) {
        g.__mnlDroppedWrites = (g.__mnlDroppedWrites ?? 0) + 1;
        throw new Error('e2e: IndexedDB writes are dropped before this reload');
      }
      return original.call(this, names, mode, ...rest);
    };
  });
}

const droppedWrites = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { __mnlDroppedWrites?: number }).__mnlDroppedWrites ?? 0);

export const reloadAfterCompareChecks: Check[] = [
  {
    name: RELOAD_AFTER_COMPARE,
    requires: [IMPORT],
    timeoutMs: 240_000,
    async run({ page, screenshot, log, hostLog }) {
      const earlier = await probe.summary(page);
      log(`shown before: ${key(earlier)}`);
      await dropStorageWrites(page);
      // The same trace compared with v6.12 this time: a run the page never showed before.
      const before = await compareWithSimulation(page, 'case', 'v6.12');
      log(`compared: ${key(before)}`);
      await page.waitForTimeout(1_000); // as reported: a reload one second after the comparison
      log(`IndexedDB writes dropped since the comparison started: ${await droppedWrites(page)}`);
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: 60_000 });
      const first = await waitForProbe(page, probe.summary, (s) => !!s, 'the revived timeline', 60_000);
      log(`revived page drew first: ${key(first)}`);
      const after = await waitForProbe(
        page,
        probe.summary,
        (s) => key(s) === key(before),
        'the revived timeline showing the comparison',
        120_000,
      );
      log(`shown after the reload: ${key(after)}`);
      const rebuilt = hostLog
        .lines()
        .map((l) => REBUILD_LINE.exec(l))
        .filter((m): m is RegExpExecArray => !!m);
      if (key(first) !== key(before)) {
        if (!rebuilt.length) throw new Error('the host did not log that it rebuilt the comparison');
        log(`host: ${rebuilt[rebuilt.length - 1][0]}`);
      } else log('the revived page restored the comparison itself (the workbench kept its last save)');
      await page.waitForTimeout(500);
      log(`screenshot ${await screenshot('12c-compare-after-window-reload')}`);
    },
  },
];
