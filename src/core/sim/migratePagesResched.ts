// mm/migrate.c: migrate_pages() of folios that cannot move, run by the VMM's thread (move_pages(2)) on a CPU
// it shares with a vCPU thread (the oracle harness's toucher, pinned with the VMM's main thread to CPU 0).
// The retry passes are not one instant: each folio's try is try_to_migrate_one() (mm/rmap.c) with its
// MMU_NOTIFY_CLEAR notifier, KVM's zap and flush if the SPTE is there, and the refusal (an anon-exclusive
// maybe-pinned folio stays mapped: page_try_share_anon_rmap() on 6.1, folio_try_share_anon_rmap_pte() on
// 6.12). The loops call cond_resched() per folio (6.1: cond_resched_tasks_rcu_qs() in
// migrate_pages_batch()'s pass loop; 6.12: cond_resched() in the unmap loop); when need_resched() is set
// (host.resched_ms, as in rwlockNeedbreak.ts) the preempted vCPU runs a slice as long (equal CFS weights,
// reschedSlice.ts) and its sweep re-faults the pages earlier tries zapped, since the refused try left the
// PTE present. The next try of such a page zaps and flushes again. Which tries find an SPTE follows from
// the order of the tries, NR_MAX_BATCHED_MIGRATION (512) folios per migrate_pages_batch() call:
//   6.1 (6.1.192, the measured stable kernel, has the batches): NR_MAX_MIGRATE_PAGES_RETRY (10) passes
//   over the batch, each unmapping and moving every folio in turn;
//   6.3+ (rule migrateUnmapMoveSplit): migrate_pages_sync() first runs the batch MIGRATE_ASYNC for
//   NR_MAX_MIGRATE_ASYNC_RETRY (3) passes, then each folio left alone MIGRATE_SYNC for
//   NR_MAX_MIGRATE_SYNC_RETRY (7) tries in a row, so few slices fall between one folio's last tries.
// Costs, hardware time: a try is notifier_ns + migrate_fail_ns (+ spte_zap_4k_ns + remote_tlb_flush_ns
// when it zaps); in its slice the vCPU touches a page per sweep interval (workload.access_rate) and a
// fault adds vm_exit_ns + fault_service_ns + workload.nested_exit_ns (the TCG harness's world switch).
// Like reschedSlice.ts the operation's clock is not stretched: the slices' faults are recorded at the
// operation's time, and the vCPU's sweep resumes afterwards where the engine's clock puts it.
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import * as F from './facts';
import { migrationMustFail, tryToMigrateKeepsMapped } from './folio';
import { NR_MAX_MIGRATE_PAGES_RETRY } from './migratePages';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import { activeTime, activeUntil, type Vcpu } from './vcpu';
import { streamPosition } from './faultPace';
import { FN } from './causes';

/** mm/migrate.c NR_MAX_BATCHED_MIGRATION (HPAGE_PMD_NR with THP): folios per migrate_pages_batch() call. */
export const NR_MAX_BATCHED_MIGRATION = 512;
/** mm/migrate.c (6.3+): migrate_pages_sync()'s MIGRATE_ASYNC passes, then the MIGRATE_SYNC tries per folio. */
export const NR_MAX_MIGRATE_ASYNC_RETRY = 3;
export const NR_MAX_MIGRATE_SYNC_RETRY = NR_MAX_MIGRATE_PAGES_RETRY - NR_MAX_MIGRATE_ASYNC_RETRY;
/** Folios this step follows one by one at most (larger ranges keep the one-instant form). */
const MAX_FOLIOS = 1 << 16;

/** The vCPU preempted by the VMM thread at t on its CPU whose sweep crosses [a, b), if any. */
function sliceVcpu(sim: Sim, a: number, b: number, t: number): Vcpu | undefined {
  return sim.vcpus.find(
    (v) =>
      v.sharesOpCpu &&
      activeUntil(v, t) < 0 &&
      v.run.length === 1 &&
      v.run[0].cyclic &&
      v.run[0].a < b &&
      v.run[0].b > a,
  );
}

/**
 * The try order: folio indexes (0-based, address order) as migrate_pages() tries folios that never move
 * (`split`: rule migrateUnmapMoveSplit, 6.3+).
 */
export function* migratePagesTryOrder(split: boolean, n: number): Generator<number> {
  for (let b0 = 0; b0 < n; b0 += NR_MAX_BATCHED_MIGRATION) {
    const b1 = Math.min(n, b0 + NR_MAX_BATCHED_MIGRATION);
    const passes = split ? NR_MAX_MIGRATE_ASYNC_RETRY : NR_MAX_MIGRATE_PAGES_RETRY;
    for (let p = 0; p < passes; p++) for (let i = b0; i < b1; i++) yield i;
    if (split) for (let i = b0; i < b1; i++) for (let p = 0; p < NR_MAX_MIGRATE_SYNC_RETRY; p++) yield i;
  }
}

/**
 * move_pages() of [a, b) when every mapped folio there is a small folio try_to_migrate_one() keeps mapped
 * and a vCPU shares the VMM thread's CPU: counts the tries' zaps and flushes and the vCPU's re-faults,
 * leaves the SPTEs as the last slice left them, and returns true. false: not this case (the caller keeps
 * the one-instant form: one zap per mapped SPTE).
 */
export function migratePinnedWithSlices(
  sim: Sim,
  a: number,
  b: number,
  t: number,
  cause: Cause,
  chain: SourceRef[],
): boolean {
  const sliceNs = Math.round(sim.sc.host.resched_ms * 1e6);
  if (sliceNs <= 0 || sim.currentVcpu >= 0) return false;
  const v = sliceVcpu(sim, a, b, t);
  if (!v) return false;
  const folios: number[] = []; // gfn of each folio, in address order
  const present: boolean[] = [];
  let ok = true;
  sim.store.forEach(a, b, (s, e, f) => {
    if (!ok || F.pte(f) === F.PTE_NONE) return;
    if (
      F.isHuge(f) ||
      F.spte(f) === F.SPTE_2M ||
      !migrationMustFail(sim, f, t) ||
      !tryToMigrateKeepsMapped(sim, f, t)
    )
      ok = false;
    else if (folios.length + (e - s) > MAX_FOLIOS) ok = false;
    else
      for (let g = s; g < e; g++) {
        folios.push(g);
        present.push(F.spte(f) === F.SPTE_4K);
      }
  });
  if (!ok || folios.length === 0) return false;
  const c = sim.cost;
  const s = v.run[0];
  const len = s.b - s.a;
  const index = new Map(folios.map((g, i) => [g, i]));
  const lo = folios[0];
  const hi = folios[folios.length - 1] + 1;
  const faultNs = s.intervalNs + c.vm_exit_ns + c.fault_service_ns + sim.sc.workload.nested_exit_ns;
  let pos = streamPosition(sim, v, s, activeTime(v, t)) % len; // the sweep's next page, s.a + pos
  let refaults = 0;
  /** One slice of the vCPU's sweep: re-fault the folios it crosses without an SPTE. */
  const slice = (): void => {
    let budget = sliceNs;
    while (budget > 0) {
      const g = s.a + pos;
      if (g >= lo && g < hi) {
        const i = index.get(g);
        let cost = s.intervalNs;
        if (i !== undefined && !present[i]) {
          present[i] = true;
          refaults++;
          cost = faultNs;
        }
        budget -= cost;
        pos = (pos + 1) % len;
        continue;
      }
      // pages outside the range: a clean touch each, up to the range (or the end of the sweep)
      const until = g < lo ? lo : s.b;
      const steps = Math.min(until - g, Math.ceil(budget / s.intervalNs));
      budget -= steps * s.intervalNs;
      pos = (pos + steps) % len;
    }
  };
  let zaps = 0;
  let tau = 0;
  let next = sliceNs;
  let slices = 0;
  for (const i of migratePagesTryOrder(sim.rules.migrateUnmapMoveSplit, folios.length)) {
    tau += c.notifier_ns + c.migrate_fail_ns;
    if (present[i]) {
      present[i] = false;
      zaps++;
      tau += c.spte_zap_4k_ns + c.remote_tlb_flush_ns;
    }
    for (; tau >= next; next += sliceNs, slices++) slice(); // cond_resched() with need_resched() set
  }
  count(sim, cause, 'sptes_zapped_4k', zaps);
  spend(sim, 'spte_zap', zaps * c.spte_zap_4k_ns);
  kvmFlushRemoteTlbs(sim, t, cause, zaps, vcpusInGuestMode(sim, t), [...chain, FN.kvmStart]);
  count(sim, 'guest_fault', 'ept_violations', refaults);
  spend(sim, 'vm_exit', refaults * (c.vm_exit_ns + c.fault_service_ns));
  if (refaults > 0)
    sim.rec.guest(
      t,
      `vcpu${v.index}`,
      'ept_violation',
      lo,
      hi,
      [FN.kvmTdpPageFault],
      refaults,
      `re-faults between migrate_pages() tries, in ${slices} scheduler slice(s) the VMM thread's cond_resched() gave this vCPU`,
    );
  // the SPTEs as the tries and the slices left them
  for (let i = 0; i < folios.length;) {
    let j = i + 1;
    while (j < folios.length && folios[j] === folios[j - 1] + 1 && present[j] === present[i]) j++;
    const spte = present[i] ? F.SPTE_4K : F.SPTE_ABSENT;
    sim.store.update(folios[i], folios[j - 1] + 1, (f) => F.withSpte(f, spte));
    i = j;
  }
  return true;
}
