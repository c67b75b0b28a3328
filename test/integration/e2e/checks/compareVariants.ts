// "Compare…" above mmu_notifier_invalidate_range_start(&range): pick v6.1 and rfc-v2 in the
// quick pick; the timeline shows both, and its counters table has the remote_tlb_flush row
// with a delta that is the difference of the two values (and not zero: RFC v2 changes it).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Check, E2EContext } from '../check';
import { E2E_FILE } from '../../shared/expectedLenses';
import { probe, waitForProbe, type ProbeTable } from '../lensProbe';
import { goToLine, lensAbove, openFile, webviewFrame } from '../workbench';
import { LANES } from './timelineLanes';

export const COMPARE_VARIANTS = ['v6.1', 'rfc-v2'] as const;
export const COMPARE = `"Compare…" with ${COMPARE_VARIANTS.join(' and ')} shows the remote_tlb_flush delta in the counters table`;

const COUNTER = 'remote_tlb_flush';

/** "8,501" → 8501; "−8,501 (−100%)" → -8501. */
export function parseCount(cell: string): number {
  const m = /^([+−-]?)([\d,]+(?:\.\d+)?)/.exec(cell.trim());
  if (!m) return NaN;
  const v = Number(m[2].replace(/,/g, ''));
  return m[1] === '−' || m[1] === '-' ? -v : v;
}

/**
 * Sets each quick-pick row's checkbox: checked for `want`, unchecked for the rest. `awaitHidden`:
 * wait for the quick pick to close (false when the command opens another one right after).
 */
export async function pickExactly(page: Page, want: readonly string[], awaitHidden = true): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('input.input').first();
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
  const labels = (
    await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()
  ).map((s) => s.trim());
  const all = [...new Set([...labels, ...want])];
  for (const id of all) {
    await input.fill(id);
    const row = rows.filter({
      has: page.locator('.label-name', { hasText: new RegExp(`^${id.replace(/\./g, '\\.')}$`) }),
    });
    if (!(await row.count())) {
      if (want.includes(id))
        throw new Error(`no row "${id}" in the variant quick pick (rows: ${labels.join(', ')})`);
      continue;
    }
    const checked = (await row.first().getAttribute('aria-checked')) === 'true';
    if (checked !== want.includes(id)) {
      // The row's own label: a reused row may still hold a hidden label of an earlier quick pick.
      await row.first().locator('.label-name').first().click();
      const now = (await row.first().getAttribute('aria-checked')) === 'true';
      if (now === checked)
        throw new Error(`clicking row "${id}" did not toggle it (aria-checked ${String(now)})`);
    }
  }
  await input.fill('');
  await input.focus();
  await page.keyboard.press('Enter');
  if (awaitHidden) await widget.waitFor({ state: 'hidden', timeout: 10_000 });
}

function counterRow(tables: ProbeTable[]): { table: ProbeTable; row: string[] } | undefined {
  const table = tables.find((t) => t.caption.startsWith('Counters'));
  const row = table?.rows.find((r) => r[0] === COUNTER);
  return table && row ? { table, row } : undefined;
}

export const compareVariantsChecks: Check[] = [
  {
    name: COMPARE,
    requires: [LANES],
    timeoutMs: 120_000,
    async run(ctx) {
      const { page, state, log } = ctx;
      const line = state.get('targetLine') as number;
      // Back to mm/mprotect.c (its tab, else Quick Open), the cause-chain checks opened others.
      const base = E2E_FILE.split('/').pop() ?? E2E_FILE;
      const tab = page.locator(`.editor-group-container .tab[data-resource-name="${base}"]`).first();
      if (await tab.count()) await tab.click();
      else await openFile(page, E2E_FILE);
      await page
        .locator(`.editor-group-container.active .tab.active[data-resource-name="${base}"]`)
        .waitFor({ state: 'visible', timeout: 10_000 });
      await goToLine(page, line);
      const lens = await lensAbove(page, line, 'Compare');
      await lens.click();
      await pickExactly(page, COMPARE_VARIANTS);
      const summary = await waitForProbe(
        page,
        probe.summary,
        (s) => JSON.stringify(s?.variants) === JSON.stringify(COMPARE_VARIANTS),
        `the timeline showing ${COMPARE_VARIANTS.join(' vs ')}`,
        60_000,
      );
      log(`run "${summary?.title}", ${JSON.stringify(summary?.totals)}`);
      const tables = await waitForProbe(
        page,
        probe.countersTable,
        (t) => !!counterRow(t),
        `a ${COUNTER} row`,
      );
      const found = counterRow(tables);
      if (!found) throw new Error('no counters table');
      const { table, row } = found;
      log(`${table.caption}: ${table.head.join(' | ')}`);
      log(`${row.join(' | ')}`);
      const [a, b] = COMPARE_VARIANTS;
      const expectedHead = ['counter', a, b, `Δ ${b}`];
      if (JSON.stringify(table.head) !== JSON.stringify(expectedHead))
        throw new Error(`table head ${JSON.stringify(table.head)}, expected ${JSON.stringify(expectedHead)}`);
      if (!table.caption.includes(`Δ against ${a}`)) throw new Error(`caption "${table.caption}"`);
      const [va, vb, delta] = [parseCount(row[1]), parseCount(row[2]), parseCount(row[3])];
      if ([va, vb, delta].some(Number.isNaN)) throw new Error(`unreadable row ${JSON.stringify(row)}`);
      if (delta !== vb - va) throw new Error(`Δ ${row[3]} ≠ ${vb} − ${va}`);
      if (delta === 0)
        throw new Error(`${COUNTER} does not differ between ${a} and ${b}: ${row.join(' | ')}`);
      state.set('compareDelta', { [a]: va, [b]: vb, delta });
      await screenshotCounterTable(ctx, 'Counters', '8-compare-table', '8b-compare-counters-table');
      await webviewFrame(page).locator('canvas#timeline').scrollIntoViewIfNeeded();
    },
  },
];

/**
 * Screenshots of a counters table once the run is shown: the workbench (`whole`) and the table alone
 * (`table`), after the "simulating … 45%" progress toast, which lingers and covers the table's end, is gone.
 */
export async function screenshotCounterTable(
  { page, screenshot, artifacts, log }: E2EContext,
  hasText: string,
  whole: string,
  table: string,
): Promise<void> {
  const tableEl = webviewFrame(page).locator('.mnl-tables table', { hasText }).last();
  await tableEl.scrollIntoViewIfNeeded();
  await page
    .locator('.notifications-toasts .notification-toast', { hasText: 'simulating' })
    .first()
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => log('the "simulating" progress notification is still shown after 10 s'));
  log(`screenshot ${await screenshot(whole)}`);
  const only = join(artifacts, `${table}.png`);
  await tableEl.screenshot({ path: only });
  log(`screenshot ${only}`);
}
