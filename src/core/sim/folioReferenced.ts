// mm/vmscan.c: shrink_folio_list() → folio_check_references() → folio_referenced() (mm/rmap.c) →
// folio_referenced_one() → ptep_clear_flush_young_notify() → KVM's .clear_flush_young,
// kvm_mmu_notifier_clear_flush_young() → kvm_handle_hva_range(kvm_age_gfn) (virt/kvm/kvm_main.c).
//
// MADV_PAGEOUT (madvise_cold_or_pageout_pte_range(), mm/madvise.c) hands the range's folios to
// reclaim_pages() → reclaim_folio_list() → shrink_folio_list(). Before 6.9 that call passes
// ignore_references = false: the walk has just cleared the host PTE's young bit, so a folio counts as
// referenced only if KVM says so, and KVM says so for every page whose SPTE the guest has accessed
// (an SPTE is installed accessed, make_spte(), and only aging clears the bit). kvm_age_gfn() clears the
// accessed bit without zapping, and kvm_handle_hva_range() flushes once (flush_on_ret) when any was
// young. folio_check_references() then keeps or activates the folio: no try_to_unmap_one(), no
// invalidation, no zap, no re-fault; the guest's next touch sets the bit again. From 6.9 ("mm: madvise: pageout: ignore references rather than
// clearing young") reclaim_folio_list() passes true and every folio is unmapped (rule
// pageoutIgnoresReferences).
import type { Cause, SourceRef } from '../../protocol/simulation';
import type { Sim } from './context';
import * as F from './facts';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';

const CLEAR_FLUSH_YOUNG: SourceRef = {
  file: 'virt/kvm/kvm_main.c',
  fn: 'kvm_mmu_notifier_clear_flush_young',
};

/**
 * folio_referenced() through the secondary MMU: a mapped folio whose SPTE is present and accessed (installed
 * so, or touched by the guest since kvm_age_gfn() last aged it) is young.
 */
export function secondaryMmuYoung(f: number): boolean {
  return F.pte(f) !== F.PTE_NONE && F.spte(f) !== F.SPTE_ABSENT && !F.isSpteOld(f);
}

/**
 * shrink_folio_list()'s reference check for [a, b): each young folio gets one .clear_flush_young
 * call, which ages its SPTE and flushes once; it is kept. Returns the runs of folios that are not
 * referenced, which reclaim goes on to unmap.
 */
export function keepReferencedFolios(
  sim: Sim,
  a: number,
  b: number,
  t: number,
  cause: Cause,
  chain: SourceRef[],
): Array<[number, number]> {
  const old: Array<[number, number]> = [];
  let young = 0;
  sim.store.forEach(a, b, (s, e, f) => {
    if (F.pte(f) === F.PTE_NONE) return;
    if (!secondaryMmuYoung(f)) {
      const last = old[old.length - 1];
      if (last && last[1] === s) last[1] = e;
      else old.push([s, e]);
      return;
    }
    young += F.isHuge(f) ? F.chunkStarts(s, e) : e - s;
  });
  if (young > 0) {
    // kvm_age_gfn(): the young SPTEs' accessed bits are cleared (the old ones' already were)
    sim.store.update(a, b, (f) => (secondaryMmuYoung(f) ? F.withSpteOld(f, true) : f));
    sim.spteAged = true;
    const agingChain = [...chain, { file: 'mm/rmap.c', fn: 'folio_referenced_one' }, CLEAR_FLUSH_YOUNG];
    kvmFlushRemoteTlbs(sim, t, cause, young, vcpusInGuestMode(sim, t), agingChain, 'notifier');
  }
  return old;
}
