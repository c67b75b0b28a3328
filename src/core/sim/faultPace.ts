// The pace of NUMA migrations in a vCPU's own faults, in guest time (workload.fault_pace). On hardware
// the model lets a sweep run at access_rate whatever it faults on: an EPT violation, a NUMA hinting fault
// and even a migration are short next to a scan period. Under the real-kernel oracle's QEMU TCG harness a
// migration inside the fault (kvm_faultin_pfn() -> GUP -> do_numa_page() -> migrate_misplaced_folio():
// isolate, allocate, unmap with its notifier and zap, copy, remap) takes long enough that the toucher's
// pass after a scan is still running when the next scan comes. With fault_pace > 0, each folio a vCPU's
// fault migrates costs that vCPU fault_pace x migrate_4k_ns of guest time (Vcpu.lagNs) — per folio, not
// per page: what dominates under TCG is the call path, not the copy (the THP and pinned cases, whose
// passes keep up on the real kernels, say so) — and a paced sweep touches its pages chunk by chunk so
// the lag holds back the pages after the migrating one. Runtime (se.sum_exec_runtime, taskTickNuma.ts)
// is unchanged: the thread is busy in the kernel. fault_pace 0 (the default, every preset): no effect.
import type { Sim } from './context';
import { timeAtActive, touches, type Stream, type Vcpu } from './vcpu';

/** Pages a paced sweep touches before the lag of their faults holds back the next ones (the pace's resolution). */
const CHUNK_PAGES = 64;

export function faultPace(sim: Sim): number {
  return sim.sc.workload.fault_pace;
}

/**
 * migrate_pages() ran `passes` passes over `folios` folios (try_to_migrate_one(), one notifier each)
 * inside the current vCPU's fault: charge that vCPU's guest time, fault_pace x the hardware cost of each
 * pass. A pass that unmaps the folio — one that moves, or on 6.3+ one unmapped once whose move then fails
 * and whose entries migrate_folio_undo_src() -> remove_migration_ptes() restores (a pinned shmem folio) —
 * walks the rmap, installs and removes migration entries like a move: migrate_4k_ns (under TCG the call
 * path, not the copy, dominates). A pass try_to_migrate_one() refuses (an anon-exclusive maybe-pinned
 * folio stays mapped) is a short failed attempt: migrate_fail_ns. Not for a migration the VMM thread
 * runs (move_pages(): no vCPU is current).
 */
export function paceMigrationUnmaps(sim: Sim, folios: number, passes: number, unmapped: boolean): void {
  const p = faultPace(sim);
  const v = sim.currentVcpu >= 0 ? sim.vcpus[sim.currentVcpu] : undefined;
  const each = unmapped ? sim.cost.migrate_4k_ns : sim.cost.migrate_fail_ns;
  if (p > 0 && v) v.lagNs += Math.round(p * folios * passes * each);
}

/** The stream's touch count once the vCPU has run `activeNs` of guest-mode time. */
export function streamPosition(sim: Sim, v: Vcpu, s: Stream, activeNs: number): number {
  if (faultPace(sim) <= 0) return touches(s, activeNs);
  return Math.max(s.done ?? 0, touches(s, Math.max(0, activeNs - v.lagNs)));
}

/** When a paced stream makes touch k (0-based), at the vCPU's current lag. */
export function pacedTouchTime(v: Vcpu, s: Stream, k: number): number {
  return timeAtActive(v, (k + 1) * s.intervalNs + v.lagNs);
}

/**
 * A paced sweep up to guest-mode time a1: touch [done, ...) chunk by chunk through `touch` (the faults,
 * whose migrations push the vCPU's lag), until the stream has caught up with a1 minus its lag.
 */
export function pacedSweep(
  v: Vcpu,
  s: Stream,
  a0: number,
  a1: number,
  touch: (k0: number, k1: number) => void,
): void {
  let k = s.done ?? touches(s, a0);
  for (;;) {
    const target = touches(s, Math.max(0, a1 - v.lagNs));
    if (target <= k) break;
    const k1 = Math.min(target, k + CHUNK_PAGES);
    touch(k, k1);
    k = k1;
  }
  s.done = k;
}
