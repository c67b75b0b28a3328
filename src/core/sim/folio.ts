// include/linux/mm.h: folio_maybe_dma_pinned(), page_count(), is_cow_mapping() — the folio predicates
// every skip rule and migration decision reads, as functions of a page's packed facts.
import * as F from './facts';
import { transientRefsHigh, type Sim } from './context';

/**
 * folio_maybe_dma_pinned(): exact (pincount) for large folios; for small folios
 * refcount >= GUP_PIN_COUNTING_BIAS (1024), so a small folio with >= 1024 references reads as pinned.
 */
export function folioMaybeDmaPinned(sim: Sim, f: number, t: number): boolean {
  if (F.isPinned(f)) return true;
  if (F.isHuge(f)) return false;
  const r = F.refs(f);
  return r === F.REFS_HIGH || (r === F.REFS_TRANSIENT && transientRefsHigh(sim, t));
}

/** page_count(page) != 1: pinned, extra references, or mapped more than once. */
export function pageCountNotOne(sim: Sim, f: number, t: number): boolean {
  return folioMaybeDmaPinned(sim, f, t) || F.isShared(f) || F.refs(f) === F.REFS_HIGH;
}

/** folio_likely_mapped_shared(). */
export function folioLikelyMappedShared(f: number): boolean {
  return F.isShared(f);
}

/** is_cow_mapping(vma->vm_flags): private writable mapping (anon, THP); not VM_SHARED memfd/shmem. */
export function isCowMapping(sim: Sim): boolean {
  return sim.sc.guest.backing === 'anon' || sim.sc.guest.backing === 'thp';
}

/** folio_test_anon(): private anonymous memory (not shmem/memfd, not hugetlbfs file pages). */
export function folioTestAnon(sim: Sim): boolean {
  return isCowMapping(sim);
}

/** A page whose migration must fail: long-term pinned or holding extra references (folio_migrate_mapping refcount check). */
export function migrationMustFail(sim: Sim, f: number, t: number): boolean {
  return folioMaybeDmaPinned(sim, f, t) || F.refs(f) === F.REFS_HIGH;
}

/**
 * try_to_migrate_one() (mm/rmap.c) gives up and restores the entry, leaving the folio mapped: an
 * anon-exclusive folio that folio_try_share_anon_rmap_pte()/_pmd() (page_try_share_anon_rmap() on 6.1)
 * cannot share because it may be DMA-pinned. Any other folio that cannot move is unmapped (migration
 * entries installed) and fails later, in folio_migrate_mapping()'s refcount freeze.
 */
export function tryToMigrateKeepsMapped(sim: Sim, f: number, t: number): boolean {
  return folioTestAnon(sim) && F.isAnonExclusive(f) && folioMaybeDmaPinned(sim, f, t);
}

/**
 * The pinned-folio skip under prot_numa that change_pte_range() and change_huge_pmd() share: RFC patch
 * 2's anon-exclusive maybe-DMA-pinned rule (when `anonExclusiveRule`), and mm-2025's
 * folio_can_map_prot_numa(), which skips any maybe-DMA-pinned folio.
 */
export function protNumaSkipsPinned(sim: Sim, f: number, t: number, anonExclusiveRule: boolean): boolean {
  if (anonExclusiveRule && folioTestAnon(sim) && F.isAnonExclusive(f) && folioMaybeDmaPinned(sim, f, t))
    return true;
  return sim.rules.skipPinnedAnyMapping && folioMaybeDmaPinned(sim, f, t);
}
