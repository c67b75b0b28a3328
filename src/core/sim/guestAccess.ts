// The guest's memory accesses over [t0, t1): for each vCPU, the pages its streams touched while it ran
// guest code (during boot, a one-pass first-touch sweep of its region; all along, cyclic sweeps of its
// hot and cold working set). Exact ranges, no sampling; each range goes through kvm_tdp_page_fault().
// Every fault of the interval is decided at t0 (the model); when a window is recorded in detail, the
// recorder is also told when each page was touched (GuestClock), so it can stamp the events there.
import type { Sim } from './context';
import * as F from './facts';
import { activeTime, touchedPieces, touchedRanges, touches, touchTime, type Stream, type Vcpu } from './vcpu';
import { kvmTdpPageFault } from './kvmTdpPageFault';
import { faultPace, pacedSweep, pacedTouchTime } from './faultPace';

export function guestProgress(sim: Sim, t0: number, t1: number): void {
  if (sim.released || t1 <= t0) return;
  const clocked = sim.rec.wantsGuestClock(t0, t1);
  for (const v of sim.vcpus) {
    const a0 = activeTime(v, t0);
    const a1 = activeTime(v, t1);
    if (a1 === a0) continue; // halted for the whole interval
    if (t0 < sim.bootNs && v.boot) {
      const b1 = activeTime(v, Math.min(t1, sim.bootNs));
      touchStream(sim, v, v.boot, touches(v.boot, a0), touches(v.boot, b1), t0, t1, clocked);
    }
    for (const s of v.run)
      if (faultPace(sim) > 0)
        pacedSweep(v, s, a0, a1, (k0, k1) => touchStream(sim, v, s, k0, k1, t0, t1, clocked));
      else touchStream(sim, v, s, touches(s, a0), touches(s, a1), t0, t1, clocked);
  }
}

function touchStream(
  sim: Sim,
  v: Vcpu,
  s: Stream,
  k0: number,
  k1: number,
  t0: number,
  t1: number,
  clocked: boolean,
): void {
  const ranges = touchedRanges(s, k0, k1);
  // the guest's access sets the accessed bit of a present SPTE again (the MMU does, no exit)
  if (sim.spteAged) for (const [a, b] of ranges) sim.store.update(a, b, (f) => F.withSpteOld(f, false));
  if (!clocked) {
    for (const [a, b] of ranges) kvmTdpPageFault(sim, v, a, b, t0);
    return;
  }
  const pieces = touchedPieces(s, k0, k1);
  const paced = faultPace(sim) > 0;
  for (const [a, b] of ranges) {
    sim.rec.guestClock = {
      lane: `vcpu${v.index}`,
      pieces: pieces.filter((p) => p.a < b && p.b > a),
      timeOf: (k) => Math.min(t1, Math.max(t0, paced ? pacedTouchTime(v, s, k) : touchTime(v, s, k))),
      from: t0,
      to: t1,
    };
    kvmTdpPageFault(sim, v, a, b, t0);
    sim.rec.guestClock = null;
  }
}
