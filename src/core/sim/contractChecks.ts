// The mmu-notifier contract (kernel-model.md §7): a secondary-MMU mapping never stays present over a
// PROT_NONE (or cleared) primary PTE, is never created while its range is being invalidated, start/end
// pair, and numa_protect comes only inside a NUMA-flagged start/end. Each breach names the event, time
// and gfn range; adjacent breaches of one rule by one event merge into one Violation.
import type { ViolationRule } from '../../protocol/simulation';
import type { Sim } from './context';

const MAX_VIOLATIONS = 1000;

export function violation(
  sim: Sim,
  rule: ViolationRule,
  t: number,
  gfnStart: number,
  gfnEnd: number,
  event: string,
  message: string,
): void {
  const last = sim.violations[sim.violations.length - 1];
  if (last && last.rule === rule && last.t === t && last.event === event && last.gfnEnd === gfnStart) {
    last.gfnEnd = gfnEnd;
    return;
  }
  if (sim.violations.length >= MAX_VIOLATIONS) return;
  sim.violations.push({ rule, t, gfnStart, gfnEnd, event, message });
  sim.rec.event(t, 'spte', 'violation', gfnStart, gfnEnd, [], { detail: `${rule}: ${message}` });
}

/** At the end of the run: every start must have had its end. */
export function checkPairing(sim: Sim, t: number): void {
  if (sim.kvm.inProgress !== 0 || sim.counters.invalidate_range_start !== sim.counters.invalidate_range_end)
    violation(
      sim,
      'unpaired_invalidate',
      t,
      sim.kvm.rangeStart,
      sim.kvm.rangeEnd,
      'mmu_notifier_invalidate_range_end',
      `${sim.counters.invalidate_range_start} starts vs ${sim.counters.invalidate_range_end} ends`,
    );
}
