// Run an oracle case on the simulator: the case's scenario (derived, or the scenario file it names) on
// one variant. A NUMA-balancing case's window ends, as the harness's does, once mm->numa_scan_seq has
// advanced window.scan_passes times (task_numa_work() -> reset_ptenuma_scan() when the scan reaches the
// end of the last VMA) and the toucher has finished the pass it was in: the simulator runs once over a
// long enough span, finds the scan that completed the last pass, and runs again up to one sweep after it.
import type { SimulationResult } from '../../protocol/simulation';
import type { Scenario } from '../scenario/types';
import { simulateFull, simulateWith } from '../sim/simulate';
import { activeTime, type Vcpu } from '../sim/vcpu';
import { guestPages } from '../sim/simulate';
import { caseToScenario, sweepSeconds, TCG_PACE, type HarnessPace } from './caseToScenario';
import type { OracleCase } from './oracleCase';

/** When the `passes`-th scan pass over the guest's VMA completed (ns), or null if it never did. */
export function scanPassEndNs(sc: Scenario, variant: string, passes: number): number | null {
  if (passes <= 0) return 0;
  const { sim } = simulateFull(sc, variant);
  return sim.numa.passEndsNs?.[passes - 1] ?? null;
}

/** The scenario a case runs on `variant`, its duration set from the case's window. */
export function scenarioForCase(
  c: OracleCase,
  variant: string,
  named?: Scenario,
  pace: HarnessPace = TCG_PACE,
): Scenario {
  const sc = named ?? caseToScenario(c, pace);
  const passes = c.window.scan_passes ?? 0;
  if (named || c.operation.kind !== 'numa_balancing' || passes <= 0) return sc;
  const end = scanPassEndNs(sc, variant, passes);
  if (end === null) return sc; // never completed: the whole provisional span, like a timed-out window
  if (sc.workload.fault_pace > 0) {
    const after = c.window.toucher_passes_after ?? 1;
    return { ...sc, duration_s: pacedWindowEndNs(sc, variant, end, after) / 1e9 };
  }
  const sweep = sweepSeconds(guestPages(sc));
  return { ...sc, duration_s: +(end / 1e9 + sweep + 0.001).toFixed(6) };
}

/**
 * Under workload.fault_pace the toucher's passes after the last scan are slowed by its faults, so "one
 * sweep after the scan" is not where the harness stops (oracle/vmm/main.c, wait_passes_after(): the pass
 * under way, then `after` full passes): run up to `end`, find where the toucher (vCPU 0) is, and extend
 * the window until it has made those passes (a few re-runs, then a bisection to ~1 ms).
 */
function pacedWindowEndNs(sc: Scenario, variant: string, end: number, after: number): number {
  const at = (ns: number): { done: number; len: number; lag: number; v: Vcpu } | null => {
    const { sim } = simulateFull({ ...sc, duration_s: ns / 1e9 }, variant);
    const v = sim.vcpus[0];
    const s = v?.run[0];
    return s ? { done: s.done ?? 0, len: s.b - s.a, lag: v.lagNs, v } : null;
  };
  let cur = at(end);
  if (!cur) return end + 1e6;
  // oracle/vmm/main.c wait_passes_after(): the pass under way, then `after` full passes
  const goal = (Math.floor(cur.done / cur.len) + after + 1) * cur.len;
  const iv = cur.v.run[0].intervalNs;
  let ns = end;
  // guest time per touch still to come: the sweep interval plus the lag the last stretch's faults added
  let perTouch = iv;
  for (let i = 0; i < 40 && cur.done < goal; i++) {
    // the toucher runs all along in an NB case: activeTime(ns) - lag is where its sweep stands
    const behind = Math.max(0, goal * iv + cur.lag - activeTime(cur.v, ns));
    const step = Math.max(iv, behind, (goal - cur.done) * perTouch);
    const next = at(ns + step);
    if (!next) break;
    if (next.done > cur.done) perTouch = iv + (next.lag - cur.lag) / (next.done - cur.done);
    if (next.done >= goal) {
      // reached: bisect the last step down to the first ~1 ms at which the pass is done
      let [lo, hi] = [ns, ns + step];
      while (hi - lo > 1e6) {
        const mid = Math.round((lo + hi) / 2);
        const m = at(mid);
        if (m && m.done >= goal) hi = mid;
        else lo = mid;
      }
      return hi;
    }
    ns += step;
    cur = next;
  }
  return ns + 1e6;
}

/** Simulate a case on each variant. */
export function simulateCase(c: OracleCase, variants: string[], named?: Scenario): SimulationResult[] {
  return variants.map((v) => simulateWith(scenarioForCase(c, v, named), v));
}
