// The plain-text table `simulate` prints, fit for a mailing-list reply: the scenario in one line,
// counters per variant with deltas against the first, cost per category, contract violations.
import { counterRows, tableLines } from '../core/export';
import type { Scenario } from '../core/sim';
import { formatMs, formatMsDelta } from '../protocol/format';
import { COST_CATEGORIES, type SimulationResult } from '../protocol/simulation';

export function formatTable(sc: Scenario, results: SimulationResult[]): string {
  const base = results[0];
  const costRows: string[][] = [
    [
      'cost_ms total',
      ...results.map((r) => formatMs(r.cost_ns.total)),
      ...results.slice(1).map((r) => formatMsDelta(r.cost_ns.total - base.cost_ns.total)),
    ],
  ];
  for (const c of COST_CATEGORIES)
    if (results.some((r) => r.cost_ns[c] > 0))
      costRows.push([
        `cost_ms ${c}`,
        ...results.map((r) => formatMs(r.cost_ns[c])),
        ...results.slice(1).map((r) => formatMsDelta(r.cost_ns[c] - base.cost_ns[c])),
      ]);
  costRows.push([
    'contract violations',
    ...results.map((r) => String(r.violations.length)),
    ...results.slice(1).map(() => ''),
  ]);
  const g = sc.guest;
  const out = [
    `scenario ${sc.name}: ${g.memory_gib} GiB ${g.backing}, ${g.vcpus} vCPUs, device ${sc.device.kind}, ${sc.duration_s} s simulated, seed ${sc.seed}`,
    '',
    ...tableLines([...counterRows(results), [], ...costRows]),
  ];
  for (const r of results)
    for (const v of r.violations.slice(0, 5))
      out.push(
        `  ${r.variant}: ${v.rule} at ${(v.t / 1e9).toFixed(3)} s, gfn [${v.gfnStart}, ${v.gfnEnd}) by ${v.event}: ${v.message}`,
      );
  return out.join('\n');
}
