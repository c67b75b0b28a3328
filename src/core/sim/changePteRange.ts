// mm/mprotect.c: change_pte_range() — the prot_numa skip rules for 4 KiB PTEs, per variant.
// Skipped (left present): not present / already PROT_NONE; no normal folio (zero page) or KSM; on a COW
// mapping a shared page (6.1/6.5: page_count != 1, which also catches pinned pages; 6.12:
// folio_maybe_dma_pinned || folio_likely_mapped_shared); RFC patch 2: anon-exclusive maybe-pinned;
// mm-2025 folio_can_map_prot_numa(): any maybe-pinned folio. (Dirty file pages and the single-threaded
// target-node skip never apply to a multi-threaded VMM's anon/shmem guest RAM.)
import type { Sim } from './context';
import * as F from './facts';
import {
  folioLikelyMappedShared,
  folioMaybeDmaPinned,
  isCowMapping,
  pageCountNotOne,
  protNumaSkipsPinned,
} from './folio';

export function changePteRangeProtects(sim: Sim, f: number, t: number): boolean {
  if (F.pte(f) !== F.PTE_PRESENT) return false;
  if (F.isZero(f) || F.isKsm(f)) return false;
  const r = sim.rules;
  if (isCowMapping(sim)) {
    if (r.cowSkip === 'page_count' && pageCountNotOne(sim, f, t)) return false;
    if (r.cowSkip === 'pinned_or_shared' && (folioMaybeDmaPinned(sim, f, t) || folioLikelyMappedShared(f)))
      return false;
  }
  if (protNumaSkipsPinned(sim, f, t, r.pteSkipPinnedAnonExclusive)) return false;
  return true;
}
