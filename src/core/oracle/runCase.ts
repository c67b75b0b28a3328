// Run an oracle case on the simulator: the case's scenario (derived, or the scenario file it names) on
// one variant. A NUMA-balancing case's window ends, as the harness's does, once mm->numa_scan_seq has
// advanced window.scan_passes times (task_numa_work() -> reset_ptenuma_scan() when the scan reaches the
// end of the last VMA) and the toucher has finished the pass it was in: the simulator runs once over a
// long enough span, finds the scan that completed the last pass, and runs again up to one sweep after it.
import type { SimulationResult } from '../../protocol/simulation';
import type { Scenario } from '../scenario/types';
import { simulateWith } from '../sim/simulate';
import { guestPages } from '../sim/simulate';
import { caseToScenario, sweepSeconds } from './caseToScenario';
import type { OracleCase } from './oracleCase';

/** When the `passes`-th scan pass over the guest's VMA completed (ns), or null if it never did. */
export function scanPassEndNs(sc: Scenario, variant: string, passes: number): number | null {
  if (passes <= 0) return 0;
  const probe = simulateWith(sc, variant);
  const pages = guestPages(sc);
  let done = 0;
  for (const e of probe.timeline.events) {
    if (e.kind !== 'numa_scan' || e.gfnEnd < pages) continue;
    if (++done === passes) return e.t + (e.dur ?? 0);
  }
  return null;
}

/** The scenario a case runs on `variant`, its duration set from the case's window. */
export function scenarioForCase(c: OracleCase, variant: string, named?: Scenario): Scenario {
  const sc = named ?? caseToScenario(c);
  const passes = c.window.scan_passes ?? 0;
  if (named || c.operation.kind !== 'numa_balancing' || passes <= 0) return sc;
  const end = scanPassEndNs(sc, variant, passes);
  if (end === null) return sc; // never completed: the whole provisional span, like a timed-out window
  const sweep = sweepSeconds(guestPages(sc));
  return { ...sc, duration_s: +(end / 1e9 + sweep + 0.001).toFixed(6) };
}

/** Simulate a case on each variant. */
export function simulateCase(c: OracleCase, variants: string[], named?: Scenario): SimulationResult[] {
  return variants.map((v) => simulateWith(scenarioForCase(c, v, named), v));
}
