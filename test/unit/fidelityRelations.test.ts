// The thread's figures as relations on small sizes (docs/fidelity.md has the full-size numbers).
import { strict as assert } from 'node:assert';
import { applySet, loadPreset, simulate, type Scenario } from '../../src/core/sim';

function preset(name: string, ...sets: string[]): Scenario {
  let sc = loadPreset(name);
  for (const s of sets) sc = applySet(sc, s);
  return sc;
}

const numa = (
  r: ReturnType<typeof simulate>,
  k: 'remote_tlb_flush_requests' | 'sptes_zapped_4k' | 'sptes_zapped_2m',
): number => r.by_cause.numa_balancing?.[k] ?? 0;

describe('fidelity: relations from the RFC thread', () => {
  const boot = preset('vfio-boot', 'guest.memory_gib=4', 'duration_s=12');

  it('v6.1 vfio-boot: about one NUMA notifier per scan, far more flushes than notifiers, requests >= flushes', () => {
    let unmaps = 0;
    let flushes = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const r = simulate(applySet(boot, `seed=${seed}`), 'v6.1');
      const c = r.counters;
      // the thread counted change_pmd_range()'s notifiers; failed THP migrations' are counted apart
      unmaps += r.by_cause.numa_balancing?.kvm_unmap_hva_range ?? 0;
      flushes += c.remote_tlb_flush_requests;
      assert.ok(c.remote_tlb_flush <= c.remote_tlb_flush_requests);
    }
    assert.ok(unmaps / 3 >= 5 && unmaps / 3 < 100, `unmaps ${unmaps / 3}`);
    assert.ok(flushes > 5 * unmaps, `flushes ${flushes} vs unmaps ${unmaps}`);
  });

  it('rfc-v1 and rfc-v2: NUMA-caused shootdowns go to 0', () => {
    for (const v of ['rfc-v1', 'rfc-v2']) {
      const r = simulate(boot, v);
      assert.equal(numa(r, 'remote_tlb_flush_requests'), 0, v);
      assert.equal(r.counters.numa_pte_updates, 0, v);
    }
  });

  it('rfc-v1-false-positive: a violation on rfc-v1, none on rfc-v2 and v6.1', () => {
    const sc = preset('rfc-v1-false-positive');
    const v1 = simulate(sc, 'rfc-v1').violations;
    assert.ok(v1.length > 0);
    assert.equal(v1[0].rule, 'spte_present_over_prot_none');
    assert.ok(v1[0].gfnStart >= 256 && v1[0].gfnEnd <= 320, 'names the transient-refcount pages');
    assert.equal(simulate(sc, 'rfc-v2').violations.length, 0);
    assert.equal(simulate(sc, 'v6.1').violations.length, 0);
  });

  it('v6.12: pinned 4 KiB pages stay present while KVM still zaps; pinned THPs still become PROT_NONE', () => {
    const a = simulate(preset('anon4k-vfio', 'guest.memory_gib=2', 'duration_s=15'), 'v6.12').counters;
    assert.equal(a.numa_pte_updates, 0);
    assert.ok(a.kvm_unmap_gfn_range > 0 && a.sptes_zapped_4k > 0);
    const t = preset('thp-vfio', 'guest.memory_gib=2', 'duration_s=15');
    assert.ok(simulate(t, 'v6.12').counters.numa_huge_pte_updates > 0);
    assert.equal(simulate(t, 'mm-2025').counters.numa_huge_pte_updates, 0);
  });

  it('mitigations stop the NUMA zaps; per patch: p1+p2 still zaps, all five do not', () => {
    for (const v of ['no-numa-balancing', 'mbind-no-mof'])
      assert.equal(simulate(boot, v).counters.kvm_unmap_hva_range, 0, v);
    const p12 = simulate(boot, 'rfc-v2:p1+p2');
    assert.equal(p12.counters.numa_pte_updates, 0);
    assert.ok(numa(p12, 'sptes_zapped_4k') + numa(p12, 'sptes_zapped_2m') > 0);
    const p1234 = simulate(boot, 'rfc-v2:p1+p2+p3+p4');
    assert.equal(p1234.counters.numa_protect, 0);
    assert.ok(numa(p1234, 'remote_tlb_flush_requests') > 0);
    assert.equal(numa(simulate(boot, 'rfc-v2'), 'remote_tlb_flush_requests'), 0);
  });

  it('no-pin (64 MiB): RFC v2 numa_protect + flush per page, v6.1 one flush per range', () => {
    const sc = preset('no-pin-1g', 'guest.memory_gib=0.0625');
    const v1 = simulate(sc, 'v6.1');
    const v2 = simulate(sc, 'rfc-v2');
    assert.equal(v1.counters.remote_tlb_flush_requests, 1);
    assert.equal(v2.counters.numa_protect, 16384);
    assert.equal(v2.counters.remote_tlb_flush_requests, 16384);
    assert.ok(v2.cost_ns.total > v1.cost_ns.total);
  });
});
