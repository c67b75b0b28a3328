// MADV_PAGEOUT and KVM's accessed bits: before 6.9 shrink_folio_list() checks references
// (folio_referenced() -> kvm_mmu_notifier_clear_flush_young()) and keeps a folio KVM reports young;
// from 6.9 reclaim_folio_list() ignores references and unmaps every folio (rule pageoutIgnoresReferences).
import { strict as assert } from 'node:assert';
import { loadPreset } from '../../src/core/sim';
import { createSim } from '../../src/core/sim/simulate';
import { runOperation } from '../../src/core/sim/operations';
import * as F from '../../src/core/sim/facts';

const PAGES = 1024; // two 2 MiB regions of 4 KiB pages
const mapped = (f: number): number => F.withHuge(F.withPte(f, F.PTE_PRESENT), false);

/** A sim whose first region has present 4K SPTEs (guest-accessed) and second region none. */
function pageout(variant: string): { counters: Record<string, number>; ptes: number[] } {
  const sim = createSim(loadPreset('op-reclaim'), variant);
  sim.store.update(0, PAGES / 2, (f) => F.withSpte(mapped(f), F.SPTE_4K));
  sim.store.update(PAGES / 2, PAGES, (f) => F.withSpte(mapped(f), F.SPTE_ABSENT));
  runOperation(
    sim,
    {
      op: 'reclaim',
      at_s: 0,
      gfn: 0,
      pages: PAGES,
      repeat_s: 0,
      times: 1,
      target_node: 0,
      round_trip: false,
    },
    0,
  );
  const ptes: number[] = [];
  sim.store.forEach(0, PAGES, (s, e, f) => {
    for (let g = s; g < e; g++) ptes.push(F.pte(f));
  });
  return { counters: sim.byCause.reclaim as unknown as Record<string, number>, ptes };
}

describe('sim: MADV_PAGEOUT reference check (folio_referenced() through KVM)', () => {
  it('6.1: a folio with a guest-accessed SPTE is aged (one flush each) and kept; the others are unmapped', () => {
    const { counters, ptes } = pageout('v6.1');
    assert.equal(counters.kvm_unmap_hva_range, PAGES / 2, 'one try_to_unmap_one() notifier per old folio');
    assert.equal(counters.sptes_zapped_4k, 0, 'the young folios keep their SPTEs');
    assert.equal(counters.remote_tlb_flush_requests, PAGES / 2, 'one aging flush per young folio');
    assert.ok(
      ptes.slice(0, PAGES / 2).every((p) => p === F.PTE_PRESENT),
      'young folios stay mapped',
    );
    assert.ok(
      ptes.slice(PAGES / 2).every((p) => p === F.PTE_NONE),
      'old folios are swapped out',
    );
  });

  it('6.12 (6.9+): references are ignored, every folio is unmapped and its SPTE zapped', () => {
    const { counters, ptes } = pageout('v6.12');
    assert.equal(counters.kvm_unmap_hva_range, PAGES);
    assert.equal(counters.sptes_zapped_4k, PAGES / 2);
    assert.ok(ptes.every((p) => p === F.PTE_NONE));
  });
});
