// mremap() away to a scratch address outside guest RAM and back (sim/mremapRoundTrip.ts), as the oracle
// harness does: per round trip, move_page_tables() and the old range's do_munmap() over guest RAM, the
// scratch range's move back and unmap outside it, and the first time the PROT_NONE reservation's unmap.
// Only the guest-RAM pair reaches kvm_unmap_gfn_range(); every one is a kvm_unmap_hva_range.
import { strict as assert } from 'node:assert';
import { loadPreset, simulate } from '../../src/core/sim';
import type { Scenario } from '../../src/core/scenario/types';
import { caseToScenario } from '../../src/core/oracle/caseToScenario';
import type { OracleCase } from '../../src/core/oracle/oracleCase';
import mremapThp from '../../oracle/cases/mremap-thp.json';

/** op-mremap's three mremap() calls of 256 MiB, as round trips or not. */
function opMremap(roundTrip: boolean): Scenario {
  const sc = loadPreset('op-mremap');
  return { ...sc, operations: sc.operations.map((o) => ({ ...o, round_trip: roundTrip })) };
}

describe('mremap round trip (mremap_to() -> move_vma(), mm/mremap.c)', () => {
  for (const variant of ['v6.1', 'v6.12'])
    it(`${variant}: five notifiers the first time, four after; only guest RAM's reach a memslot`, () => {
      const one = simulate(opMremap(false), variant).by_cause.mremap ?? {};
      const trip = simulate(opMremap(true), variant).by_cause.mremap ?? {};
      // without round_trip: one move_page_tables() notifier per call
      assert.equal(one.kvm_unmap_hva_range, 3);
      assert.equal(one.kvm_unmap_gfn_range, 3);
      // 5 + 4 + 4: the reservation is unmapped once, later calls find a hole there
      assert.equal(trip.kvm_unmap_hva_range, 13);
      assert.equal(trip.invalidate_range_start, 13);
      assert.equal(trip.invalidate_range_end, 13);
      // move_page_tables() and do_munmap() of guest RAM: a memslot overlaps both
      assert.equal(trip.kvm_unmap_gfn_range, 6);
      // only move_page_tables() finds SPTEs: zaps and flushes as without the round trip
      assert.equal(trip.sptes_zapped_2m, one.sptes_zapped_2m);
      assert.equal(trip.remote_tlb_flush_requests, one.remote_tlb_flush_requests);
    });

  it('shows the notifiers outside guest RAM on the timeline, without a guest range', () => {
    const r = simulate(opMremap(true), 'v6.1');
    const outside = r.timeline.events.filter(
      (e) => e.lane === 'notifier' && /outside guest RAM/.test(e.detail ?? ''),
    );
    assert.equal(outside.length, 7);
    for (const e of outside) {
      assert.equal(e.gfnEnd, e.gfnStart);
      assert.ok(e.cause.some((c) => c.fn === 'kvm_mmu_notifier_invalidate_range_start'));
    }
    assert.ok(outside.some((e) => e.cause.some((c) => c.fn === 'move_page_tables')));
    assert.ok(outside.some((e) => e.cause.some((c) => c.fn === 'unmap_vmas')));
  });

  it('the oracle case mremap-thp: the traced 9 ranges (4 in guest RAM, 5 at the scratch address)', () => {
    const sc = caseToScenario(mremapThp as unknown as OracleCase);
    for (const variant of ['v6.1', 'v6.12']) {
      const c = simulate(sc, variant).counters;
      assert.equal(c.kvm_unmap_hva_range, 9);
      assert.equal(c.kvm_unmap_gfn_range, 4);
      assert.equal(c.remote_tlb_flush_requests, 2);
    }
  });
});
