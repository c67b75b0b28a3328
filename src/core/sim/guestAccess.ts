// The guest's memory accesses over [t0, t1): for each vCPU, the pages its streams touched while it ran
// guest code (during boot, a one-pass first-touch sweep of its region; all along, cyclic sweeps of its
// hot and cold working set). Exact ranges, no sampling; each range goes through kvm_tdp_page_fault().
import type { Sim } from './context';
import { activeTime, touchedRanges, touches } from './vcpu';
import { kvmTdpPageFault } from './kvmTdpPageFault';

export function guestProgress(sim: Sim, t0: number, t1: number): void {
  if (sim.released || t1 <= t0) return;
  for (const v of sim.vcpus) {
    const a0 = activeTime(v, t0);
    const a1 = activeTime(v, t1);
    if (a1 === a0) continue; // halted for the whole interval
    if (t0 < sim.bootNs && v.boot) {
      const b1 = activeTime(v, Math.min(t1, sim.bootNs));
      for (const [a, b] of touchedRanges(v.boot, touches(v.boot, a0), touches(v.boot, b1)))
        kvmTdpPageFault(sim, v, a, b, t0);
    }
    for (const s of v.run) {
      for (const [a, b] of touchedRanges(s, touches(s, a0), touches(s, a1)))
        kvmTdpPageFault(sim, v, a, b, t0);
    }
  }
}
