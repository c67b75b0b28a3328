// "Simulate real-kernel case…" from the command palette: pick an oracle case that has committed real
// results; the timeline shows v6.1 and v6.12, and the counters table has "real 6.1" and "real 6.12"
// columns whose values are the bundled real counters, with Δ columns equal to simulated − real.
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeTable } from '../lensProbe';
import { runCommand } from '../workbench';
import { bundledRealCounters } from '../../../../src/core/oracle/bundledIndex';
import { parseCount, screenshotCounterTable } from './compareVariants';

/** The case the check runs: the seed's case, measured on both kernels. */
export const ORACLE_CASE = 'nb-4k-pinned';
export const ORACLE_CASE_CHECK = `"Simulate real-kernel case…" ${ORACLE_CASE} shows its real-kernel columns (real 6.1, real 6.12) beside v6.1 and v6.12`;
const COUNTER = 'kvm_unmap_hva_range';

function countersTable(tables: ProbeTable[]): ProbeTable | undefined {
  return tables.find((t) => t.caption.startsWith('Counters') && t.head.includes('real 6.1'));
}

export const oracleCaseChecks: Check[] = [
  {
    name: ORACLE_CASE_CHECK,
    timeoutMs: 120_000,
    async run(ctx) {
      const { page, log } = ctx;
      const real = bundledRealCounters(ORACLE_CASE);
      if (!real.some((r) => r.label === 'real 6.1'))
        throw new Error(
          `the bundled index has ${JSON.stringify(real.map((r) => r.label))} for ${ORACLE_CASE}`,
        );
      await runCommand(page, 'MMU Notifier Lens: Simulate real-kernel case…');
      // The command opens the case quick pick: type the case's name and accept its row.
      const widget = page.locator('.quick-input-widget');
      await widget
        .locator('.monaco-list-row', { hasText: 'nb-' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await widget.locator('input').fill(ORACLE_CASE);
      await widget
        .locator('.monaco-list-row .label-name', { hasText: new RegExp(`^${ORACLE_CASE}$`) })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      const tables = await waitForProbe(
        page,
        probe.countersTable,
        (t) => !!countersTable(t)?.rows.some((r) => r[0] === COUNTER),
        'a counters table with real 6.1 columns',
        90_000,
      );
      const table = countersTable(tables);
      if (!table) throw new Error('no counters table');
      log(`${table.caption}: ${table.head.join(' | ')}`);
      const expectedHead = [
        'counter',
        'v6.1',
        'v6.12',
        ...real.map((r) => r.label),
        'Δ v6.12',
        ...real.map((r) => `Δ ${r.label}`),
      ];
      if (JSON.stringify(table.head) !== JSON.stringify(expectedHead))
        throw new Error(`table head ${JSON.stringify(table.head)}, expected ${JSON.stringify(expectedHead)}`);
      const row = table.rows.find((r) => r[0] === COUNTER) as string[];
      log(row.join(' | '));
      const cells = row.slice(1).map(parseCount);
      const sims: Record<string, number> = { 'v6.1': cells[0], 'v6.12': cells[1] };
      real.forEach((r, i) => {
        const rv = cells[2 + i];
        const delta = cells[2 + real.length + 1 + i];
        if (rv !== r.counters[COUNTER])
          throw new Error(`${r.label} cell ${rv} differs from the bundled ${String(r.counters[COUNTER])}`);
        if (delta !== sims[r.variant] - rv)
          throw new Error(`Δ ${r.label} cell ${delta} ≠ ${sims[r.variant]} − ${rv}: ${row.join(' | ')}`);
      });
      await screenshotCounterTable(
        ctx,
        'real 6.1',
        '11-oracle-case-real-columns',
        '11b-oracle-counters-table',
      );
    },
  },
];
