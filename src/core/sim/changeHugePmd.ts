// mm/huge_memory.c: change_huge_pmd() — the prot_numa skip rules for a 2 MiB PMD. In 6.1 and still in
// 6.12 it skips only the huge zero page, a PMD already PROT_NONE, and top-tier nodes when only memory
// tiering is on: a pinned THP IS made PROT_NONE. RFC patch 2 adds the anon-exclusive maybe-pinned skip;
// mm-2025 (folio_can_map_prot_numa() for PMD folios) skips any maybe-DMA-pinned folio and, on a COW
// mapping, a folio that is maybe mapped shared.
import type { Sim } from './context';
import * as F from './facts';
import { folioLikelyMappedShared, isCowMapping, protNumaSkipsPinned } from './folio';

export function changeHugePmdProtects(sim: Sim, f: number, t: number): boolean {
  if (F.pte(f) !== F.PTE_PRESENT) return false;
  if (F.isZero(f)) return false;
  const r = sim.rules;
  if (protNumaSkipsPinned(sim, f, t, r.pmdSkipPinnedAnonExclusive)) return false;
  // mm-2025 folio_can_map_prot_numa(): a COW mapping's shared folio is skipped on the PMD path too
  if (r.pmdSkipCowShared && isCowMapping(sim) && folioLikelyMappedShared(f)) return false;
  return true;
}
