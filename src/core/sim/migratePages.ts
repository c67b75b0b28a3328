// mm/migrate.c: migrate_pages() -> unmap_and_move() (6.1) / migrate_pages_batch() (6.3+), and the
// mm/rmap.c try_to_migrate_one() each unmap runs. A folio that cannot move (long-term pinned, extra
// references) gets -EAGAIN and is retried for NR_MAX_MIGRATE_PAGES_RETRY (10) passes. Each unmap's
// try_to_migrate_one() sends an MMU_NOTIFY_CLEAR start/end for the folio *before* the pinned folio is
// found unshareable (page_try_share_anon_rmap() / folio_try_share_anon_rmap_pte()) or its refcount
// check fails, and unmaps it with a host TLB flush: pmdp_invalidate() for a PMD-mapped THP, and for a
// small folio ptep_clear_flush() (6.1) or, with MIGRATE_ASYNC's TTU_BATCH_FLUSH (6.3+), one
// try_to_unmap_flush() per batch. How many unmaps a failing folio costs: failedMigrationUnmaps(). A
// folio that migrates costs one. KVM handles each notifier like any other (kvm_unmap_hva_range,
// kvm_unmap_gfn_range per memslot, a zap and a flush only if an SPTE was there). The whole migration
// runs inside the faulting vCPU's kvm_faultin_pfn() (hva_to_pfn() -> GUP -> do_numa_page()), after it
// sampled mmu_invalidate_seq, so is_page_fault_stale() sees the sequence moved and the fault retries
// once, however many notifiers there were (real kernels: pf_taken - pf_fixed = numa_pages_migrated).
import { paceMigrationUnmaps } from './faultPace';
import type { SourceRef } from '../../protocol/simulation';
import { PAGE_SIZE } from '../../protocol/format';
import { count, spend, type Sim } from './context';
import * as F from './facts';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import { flushTlbMmRange } from './flushTlbMmRange';
import { memslotCalls } from './kvmHandleHvaRange';
import { tryToMigrateKeepsMapped } from './folio';

export const NR_MAX_MIGRATE_PAGES_RETRY = 10;

/**
 * try_to_migrate_one() notifiers for one folio that cannot move, in one migrate_pages() call.
 * 6.1: migrate_pages() unmaps and moves each folio in the same pass (migrate_folio_unmap() then
 * migrate_folio_move()); a failed move restores the entries and the next pass unmaps again: one notifier
 * per pass, NR_MAX_MIGRATE_PAGES_RETRY. 6.3+ (rule migrateUnmapMoveSplit): migrate_pages_batch() retries
 * the unmap loop and the move loop separately. A folio try_to_migrate_one() leaves mapped (an
 * anon-exclusive maybe-pinned folio, tryToMigrateKeepsMapped()) stays in the unmap loop: one notifier per
 * pass, 10 in all (MIGRATE_SYNC: NR_MAX_MIGRATE_ASYNC_RETRY 3 in migrate_pages_sync()'s first batch plus
 * NR_MAX_MIGRATE_SYNC_RETRY 7). Any other folio (shmem/memfd, or not anon-exclusive) is unmapped once and
 * only its move (folio_migrate_mapping()'s refcount freeze) is retried: one notifier per
 * migrate_pages_batch() call, 1 for MIGRATE_ASYNC (a hinting fault's migrate_misplaced_folio()), 2 for
 * MIGRATE_SYNC (move_pages()).
 */
export function failedMigrationUnmaps(sim: Sim, f: number, t: number, mode: 'async' | 'sync'): number {
  if (!sim.rules.migrateUnmapMoveSplit || tryToMigrateKeepsMapped(sim, f, t))
    return NR_MAX_MIGRATE_PAGES_RETRY;
  return mode === 'async' ? 1 : 2;
}
const TRY_TO_MIGRATE_ONE: SourceRef = { file: 'mm/rmap.c', fn: 'try_to_migrate_one' };
const MIGRATE_PAGES: SourceRef = { file: 'mm/migrate.c', fn: 'migrate_pages' };

/**
 * The notifier side of migrating the folios of [s, e) (all small or all PMD-mapped), each in its own
 * migrate_pages() call (one hinting fault each); `unmapped`: each pass installed migration entries (a
 * move, or a failed move whose entries were restored) rather than being refused by try_to_migrate_one().
 * Returns the simulated time spent.
 */
export function migratePagesNotify(
  sim: Sim,
  s: number,
  e: number,
  huge: boolean,
  failed: boolean,
  passes: number,
  unmapped: boolean,
  t: number,
  chain: SourceRef[],
): number {
  const cause = 'numa_migration';
  const folios = huge ? F.chunkStarts(s, e) : e - s;
  if (folios <= 0) return 0;
  const n = folios * passes;
  const c = sim.cost;
  count(sim, cause, 'invalidate_range_start', n);
  count(sim, cause, 'invalidate_range_end', n);
  count(sim, cause, 'invalidated_bytes', n * (huge ? F.PMD_PAGES : 1) * PAGE_SIZE);
  count(sim, cause, 'kvm_unmap_hva_range', n);
  count(sim, cause, 'kvm_unmap_gfn_range', n * memslotCalls(sim, s, e));
  spend(sim, 'notifier', n * c.notifier_ns);
  paceMigrationUnmaps(sim, folios, passes, unmapped); // the harness's pace, when the faulting vCPU migrates (faultPace.ts)
  let dt = n * c.notifier_ns;
  // KVM zaps what is mapped (normally nothing: the PROT_NONE entry's SPTE went with the scan's zap)
  let z4 = 0;
  let z2 = 0;
  sim.store.forEach(s, e, (ss, ee, f) => {
    if (F.spte(f) === F.SPTE_4K) z4 += ee - ss;
    else if (F.spte(f) === F.SPTE_2M) z2 += F.chunkStarts(ss, ee);
  });
  const mchain = [...chain, MIGRATE_PAGES, TRY_TO_MIGRATE_ONE];
  if (z4 + z2 > 0) {
    count(sim, cause, 'sptes_zapped_4k', z4);
    count(sim, cause, 'sptes_zapped_2m', z2);
    spend(sim, 'spte_zap', z4 * c.spte_zap_4k_ns + z2 * c.spte_zap_2m_ns);
    sim.store.update(s, e, (f) => F.withSpte(f, F.SPTE_ABSENT));
    dt += kvmFlushRemoteTlbs(sim, t, cause, z4 + z2, vcpusInGuestMode(sim, t), mchain);
  }
  // the host's own TLB: per pass for a THP or without batching, once per batch for small folios
  const flushes = huge || !sim.rules.migrateTlbBatch ? n : folios;
  dt += flushTlbMmRange(sim, t, cause, flushes, mchain);
  // mmu_invalidate_seq moved under the faulting vCPU's kvm_faultin_pfn(): is_page_fault_stale(), retry
  count(sim, cause, 'fault_retries', folios);
  count(sim, cause, 'ept_violations', folios);
  spend(sim, 'fault_retry', folios * c.retry_cycle_ns);
  spend(sim, 'vm_exit', folios * c.vm_exit_ns);
  sim.rec.event(t, 'notifier', 'invalidate_span', s, e, mchain, {
    count: n,
    detail: `MMU_NOTIFY_CLEAR x ${passes} pass(es) per folio${failed ? ' (migration failed)' : ''}`,
  });
  return dt;
}
