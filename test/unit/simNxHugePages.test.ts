// kvm.nx_huge_pages (the iTLB-multihit mitigation): kvm_mmu_hugepage_adjust() / disallowed_hugepage_adjust()
// keep a region the guest executes from at 4K SPTEs under a THP, tdp_mmu_zap_leafs() leaves the
// nx_huge_page_disallowed page table in place, kvm_recover_nx_huge_pages() zaps it back to huge.
import { strict as assert } from 'node:assert';
import { parseScenario, simulate, type Scenario } from '../../src/core/sim';
import { createSim, simulateFull } from '../../src/core/sim/simulate';
import { kvmTdpPageFault } from '../../src/core/sim/kvmTdpPageFault';
import { markNxSplit } from '../../src/core/sim/kvmMmuHugepageAdjust';
import { kvmRecoverNxHugePages, nxRecoveryPeriodNs } from '../../src/core/sim/kvmRecoverNxHugePages';
import * as F from '../../src/core/sim/facts';

const REGIONS = 32; // a 64 MiB guest

/** The facts of page g. */
function factsAt(sim: ReturnType<typeof createSim>, g: number): number {
  let out = -1;
  sim.store.forEach(g, g + 1, (_s, _e, f) => (out = f));
  return out;
}

/** One vCPU sweeping all of a small THP-backed guest (nothing pinned), NUMA balancing's first scan at 1 s. */
function scenario(kvm: Record<string, unknown> | null, duration = 0.9): Scenario {
  return parseScenario({
    name: 'nx-test',
    duration_s: duration,
    guest: { memory_gib: REGIONS / 512, vcpus: 1, backing: 'thp', thp_fraction: 1 },
    host: { numa_nodes: 2, placement: 'local' },
    device: { kind: 'none' },
    workload: {
      boot_s: 0.5,
      boot_touch_fraction: 1,
      boot_touch_rate: 200000,
      boot_idle_ms: 0,
      active_ms: 0,
      idle_ms: 0,
      working_set_fraction: 1,
      hot_fraction: 1,
      hot_share: 1,
      access_rate: 200000,
    },
    ...(kvm ? { kvm } : {}),
  });
}

/** Per 2 MiB region: the SPTE kinds present and whether the nx_huge_page_disallowed page table is there. */
function regions(
  runs: { start: number; end: number; facts: number }[],
): { sptes: Set<number>; nx: boolean; exec: boolean }[] {
  const out = Array.from({ length: REGIONS }, () => ({ sptes: new Set<number>(), nx: false, exec: false }));
  for (const r of runs)
    for (let c = Math.floor(r.start / F.PMD_PAGES); c * F.PMD_PAGES < r.end; c++) {
      out[c].sptes.add(F.spte(r.facts));
      out[c].nx ||= F.isNxSplit(r.facts);
      out[c].exec ||= F.isExec(r.facts);
    }
  return out;
}

describe('sim: kvm.nx_huge_pages (iTLB multihit mitigation)', () => {
  it('an exec fault splits the region: it and every later fault there map 4K under the THP', () => {
    const { result, sim } = simulateFull(scenario({ nx_huge_pages: 'on', nx_exec_fraction: 0.25 }), 'v6.1');
    const rs = regions(sim.store.runs());
    const exec = rs.filter((r) => r.exec);
    assert.equal(exec.length, REGIONS / 4, 'round(fraction x regions) regions executed from');
    for (const r of rs) {
      assert.deepEqual([...r.sptes], [r.exec ? F.SPTE_4K : F.SPTE_2M]);
      assert.equal(r.nx, r.exec, 'the nx_huge_page_disallowed page table exactly where the guest executes');
    }
    // the host still maps every region with a THP
    assert.ok(sim.store.runs().every((r) => F.isHuge(r.facts)));
    // one EPT violation per huge region, one per 4 KiB page in a split one
    assert.equal(result.counters.ept_violations, exec.length * F.PMD_PAGES + (REGIONS - exec.length));
    assert.deepEqual(sim.nxSplits.length, exec.length, 'each split page table tracked once for recovery');
  });

  it('a NUMA zap (tdp_mmu_zap_leafs(): leaves only) keeps the region 4K: the refaults map 4K again', () => {
    const { result, sim } = simulateFull(
      scenario({ nx_huge_pages: 'on', nx_exec_fraction: 0.25 }, 1.5),
      'v6.1',
    );
    const nb = result.by_cause.numa_balancing ?? {};
    assert.equal(nb.sptes_zapped_4k, (REGIONS / 4) * F.PMD_PAGES, 'the scan zapped the 4K leaves');
    assert.equal(nb.sptes_zapped_2m, (REGIONS * 3) / 4);
    for (const r of regions(sim.store.runs())) if (r.exec) assert.deepEqual([...r.sptes], [F.SPTE_4K]);
    assert.equal(sim.nxSplits.length, REGIONS / 4, 'no region was split twice');
  });

  it('kvm_recover_nx_huge_pages(): zaps 1/ratio of the split page tables, oldest first; the region maps 2M again', () => {
    const sim = createSim(
      scenario({ nx_huge_pages: 'on', nx_exec_fraction: 0, nx_recovery_ratio: 2 }),
      'v6.1',
    );
    // a region split by an exec fault the guest no longer repeats (e.g. boot-time code)
    markNxSplit(sim, 0);
    markNxSplit(sim, 4 * F.PMD_PAGES);
    kvmTdpPageFault(sim, sim.vcpus[0], 0, 8, 0);
    kvmTdpPageFault(sim, sim.vcpus[0], 4 * F.PMD_PAGES, 4 * F.PMD_PAGES + 8, 0);
    assert.equal(F.spte(factsAt(sim, 0)), F.SPTE_4K);
    assert.ok(F.isHuge(factsAt(sim, 0)), 'host maps a THP, KVM 4K');
    assert.equal(nxRecoveryPeriodNs(sim), 1_800_000 * 1e6, '60 min / ratio, in ns');
    assert.equal(kvmRecoverNxHugePages(sim, 1e9), 1, 'DIV_ROUND_UP(2 splits, ratio 2) = 1, the oldest');
    assert.equal(sim.counters.remote_tlb_flush_requests, 1, 'one flush for the run');
    assert.equal(sim.byCause.nx_recovery?.sptes_zapped_4k, 8);
    assert.ok(!F.isNxSplit(factsAt(sim, 0)));
    assert.ok(F.isNxSplit(factsAt(sim, 4 * F.PMD_PAGES)), 'the newer one waits for the next run');
    kvmTdpPageFault(sim, sim.vcpus[0], 0, 8, 2e9);
    assert.equal(F.spte(factsAt(sim, 0)), F.SPTE_2M, 'huge again');
  });

  it('the worker runs every period from VM creation (60 s at the default ratio: never in a 30 s boot)', () => {
    const on = { nx_huge_pages: 'on', nx_exec_fraction: 0.25 };
    const none = simulate(scenario(on, 1.5), 'v6.1');
    assert.equal(none.by_cause.nx_recovery, undefined);
    const fast = simulate(scenario({ ...on, nx_recovery_period_ms: 200, nx_recovery_ratio: 1 }, 0.9), 'v6.1');
    assert.ok((fast.by_cause.nx_recovery?.sptes_zapped_4k ?? 0) > 0);
    assert.ok((fast.by_cause.nx_recovery?.remote_tlb_flush_requests ?? 0) >= 1);
  });

  it('off (the default): exec regions are ignored and the output is the same as without the section', () => {
    const plain = JSON.stringify(simulate(scenario(null, 1.5), 'v6.1'));
    assert.equal(
      JSON.stringify(simulate(scenario({ nx_huge_pages: 'off', nx_exec_fraction: 0.5 }, 1.5), 'v6.1')),
      plain,
    );
    assert.notEqual(
      JSON.stringify(simulate(scenario({ nx_huge_pages: 'on', nx_exec_fraction: 0.5 }, 1.5), 'v6.1')),
      plain,
    );
  });

  it('RFC v2: one numa_protect per PMD zaps its 4K leaves with one flush (may_block false: no yields)', () => {
    const r = simulate(scenario({ nx_huge_pages: 'on', nx_exec_fraction: 0.25 }, 1.5), 'rfc-v2');
    const nb = r.by_cause.numa_balancing ?? {};
    assert.equal(nb.numa_protect, REGIONS);
    assert.equal(nb.sptes_zapped_4k, (REGIONS / 4) * F.PMD_PAGES);
    assert.equal(nb.remote_tlb_flush_requests, REGIONS, 'one flush per PMD that had an SPTE');
  });

  it("a prefaulted VM (the oracle's warm-up pass) has the executed regions 4K-mapped already", () => {
    const sc = scenario({ nx_huge_pages: 'on', nx_exec_fraction: 0.25 });
    sc.workload.prefault_node = 0;
    const sim = createSim(sc, 'v6.1');
    for (const r of regions(sim.store.runs()))
      assert.deepEqual([...r.sptes], [r.exec ? F.SPTE_4K : F.SPTE_2M]);
    assert.equal(sim.nxSplits.length, REGIONS / 4);
  });

  it('bad values are refused with the JSON path', () => {
    assert.throws(
      () => scenario({ nx_huge_pages: 'auto' }),
      /kvm\.nx_huge_pages: expected one of "off", "on"/,
    );
    assert.throws(() => scenario({ nx_exec_fraction: 2 }), /kvm\.nx_exec_fraction: expected a number <= 1/);
    assert.throws(() => scenario({ nx_recovery_ratio: -1 }), /kvm\.nx_recovery_ratio/);
    assert.throws(() => scenario({ nx_split: true }), /kvm\.nx_split: expected no such field/);
  });
});
