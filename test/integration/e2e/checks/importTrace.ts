// "Import trace…" from the command palette (the file typed into VS Code's own file dialog): a trace
// the harness recorded on the real 6.1 kernel, its vmstat snapshots and results JSON coming along;
// then "Compare with simulation…" with the oracle case that produced it on v6.1, aligned by notifier
// order: the real run beside the simulated one, and real vs simulated counters with deltas.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeSummary, type ProbeTable } from '../lensProbe';
import { runCommand, webviewFrame } from '../workbench';
import { parseCount, pickExactly } from './compareVariants';

/** A trace the project's harness recorded on the real 6.1 kernel (range tracing on), with its companions. */
export function importFixture(repo: string): { trace: string; preset: string } {
  const trace = join(repo, 'oracle', 'results', '6.1.192-3', 'nb-4k-pinned-spinner.trace.txt');
  if (!existsSync(trace)) throw new Error(`missing fixture ${trace}`);
  // "case": the oracle case that produced the trace (its results JSON holds it), simulated on v6.1.
  return { trace, preset: 'case' };
}

export const IMPORT =
  '"Import trace…" shows a real trace; "Compare with simulation…" puts v6.1 beside it with deltas';

/**
 * Type a path into VS Code's simple file dialog (code-server has no native one) and accept it. The
 * dialog fills in its start folder a moment after it opens: wait for that, then type, and check the
 * input holds the path before Enter (else the folder would be "imported").
 */
export async function typePath(page: Page, path: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('input.input').first();
  const deadline = Date.now() + 10_000;
  while (!(await input.inputValue()) && Date.now() < deadline) await page.waitForTimeout(100);
  for (let attempt = 0; ; attempt++) {
    await input.fill(path);
    await page.waitForTimeout(400);
    if ((await input.inputValue()) === path) break;
    if (attempt >= 5)
      throw new Error(`the file dialog's input holds "${await input.inputValue()}", not ${path}`);
  }
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 15_000 });
}

export async function pickRow(page: Page, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  await widget.locator('input.input').first().fill(label);
  await widget
    .locator('.quick-input-list .monaco-list-row', { hasText: label })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/**
 * "Compare with simulation…" on the imported trace: the scenario row `scenario`, then `variant` alone,
 * aligned by notifier order; waits until the timeline shows the trace beside that variant.
 */
export async function compareWithSimulation(
  page: Page,
  scenario: string,
  variant: string,
): Promise<ProbeSummary | null> {
  await runCommand(page, 'MMU Notifier Lens: Compare with simulation…');
  await pickRow(page, scenario);
  // Variants (the next quick pick: wait for its title, the scenario list may still be fading out).
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: 'simulate' })
    .waitFor({ state: 'visible', timeout: 15_000 });
  await pickExactly(page, [variant], false);
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: 'align' })
    .waitFor({ state: 'visible', timeout: 15_000 });
  await pickRow(page, 'order');
  return waitForProbe(
    page,
    probe.summary,
    (s) => !!s && s.variants.length === 2 && s.variants[1] === variant,
    `the timeline showing the trace beside ${variant}`,
    120_000,
  );
}

function counters(tables: ProbeTable[]): ProbeTable | undefined {
  return tables.find((t) => t.caption.startsWith('Counters'));
}

export const importTraceChecks: Check[] = [
  {
    name: IMPORT,
    timeoutMs: 180_000,
    async run({ page, screenshot, log }) {
      const repo = process.cwd();
      const { trace, preset } = importFixture(repo);
      log(`importing ${trace}`);
      await runCommand(page, 'MMU Notifier Lens: Import trace…');
      await typePath(page, trace);
      // The page shows either the imported run or the import's error (.mnl-message.mnl-error).
      const failure = webviewFrame(page).locator('.mnl-message.mnl-error');
      const single = await waitForProbe(
        page,
        async (p) => {
          if (await failure.isVisible()) throw new Error(`import failed: ${await failure.textContent()}`);
          return probe.summary(p);
        },
        (s) => !!s && s.variants.length === 1 && s.variants[0].startsWith('real'),
        'the timeline showing the imported run',
        90_000,
      );
      log(`timeline "${single?.title}": ${JSON.stringify(single?.totals)}`);
      await page.waitForTimeout(500);
      log(`screenshot ${await screenshot('11-imported-trace')}`);
      // Hover a real SPTE zap: the tooltip shows its raw trace line with file:line.
      const pos = await probe.eventScreenPos(page, 'spte_zap');
      if (!pos) throw new Error('no SPTE zap drawn for the imported trace');
      const canvas = webviewFrame(page).locator('canvas#timeline');
      await canvas.hover({ position: { x: Math.max(1, pos.x - 40), y: pos.y } });
      await canvas.hover({ position: { x: pos.x, y: pos.y } });
      const tip = await waitForProbe(
        page,
        probe.tooltip,
        (t) => t.visible && t.text.includes('kvm_tdp_mmu_spte_changed'),
        `a tooltip with the raw kvm_tdp_mmu_spte_changed line at (${pos.x.toFixed(0)}, ${pos.y.toFixed(0)})`,
        10_000,
      );
      if (!/nb-4k-pinned-spinner\.trace\.txt:\d+: /.test(tip.text))
        throw new Error(`the tooltip does not name file:line: ${tip.text}`);
      log(`tooltip: ${tip.text.slice(0, 200)}`);
      log(`screenshot ${await screenshot('11b-imported-zap-tooltip')}`);
      await canvas.hover({ position: { x: 2, y: 2 } });

      const both = await compareWithSimulation(page, preset, 'v6.1');
      log(`timeline "${both?.title}": ${JSON.stringify(both?.totals)}`);
      if (!/aligned by notifier order|scaled to the real duration/.test(both?.title ?? ''))
        throw new Error(`title does not say how the runs were aligned: ${both?.title}`);
      const tables = await waitForProbe(page, probe.countersTable, (t) => !!counters(t), 'a counters table');
      const table = counters(tables);
      if (!table) throw new Error('no counters table');
      log(`${table.caption}: ${table.head.join(' | ')}`);
      for (const r of table.rows) log(`  ${r.join(' | ')}`);
      const [realName] = both?.variants ?? [];
      // The trace first (the deltas are against it), then v6.1 and its delta; real-kernel columns may follow.
      const expectedHead = ['counter', realName, 'v6.1', 'Δ v6.1'];
      if (JSON.stringify(table.head.slice(0, 4)) !== JSON.stringify(expectedHead))
        throw new Error(`table head ${JSON.stringify(table.head)}, expected ${JSON.stringify(expectedHead)}`);
      const zap = table.rows.find((r) => r[0] === 'sptes_zapped_4k');
      if (!zap) throw new Error('no sptes_zapped_4k row');
      const [real, sim, delta] = [parseCount(zap[1]), parseCount(zap[2]), parseCount(zap[3])];
      if (delta !== sim - real) throw new Error(`Δ ${zap[3]} ≠ ${sim} − ${real}`);
      const unmeasured = table.rows.find((r) => r[1] === '–');
      if (!unmeasured) throw new Error('no row marks a counter the trace did not measure with "–"');
      if (unmeasured[3] !== '–')
        throw new Error(`a delta against an unmeasured value: ${unmeasured.join(' | ')}`);
      await page
        .locator('.notifications-toasts .notification-toast', { hasText: 'simulating' })
        .first()
        .waitFor({ state: 'hidden', timeout: 10_000 })
        .catch(() => log('the "simulating" progress notification is still shown after 10 s'));
      await webviewFrame(page).locator('canvas#timeline').scrollIntoViewIfNeeded();
      log(`screenshot ${await screenshot('12-trace-vs-simulation')}`);
      const tableEl = webviewFrame(page).locator('.mnl-tables table', { hasText: 'Counters' }).last();
      await tableEl.scrollIntoViewIfNeeded();
      log(`screenshot ${await screenshot('12b-trace-vs-simulation-counters')}`);
      await webviewFrame(page).locator('canvas#timeline').scrollIntoViewIfNeeded();
    },
  },
];
