// The kernel steps issue #11 added, each checked on a small case against what its kernel function does.
import { strict as assert } from 'node:assert';
import { applySet, loadPreset, simulate, type Scenario } from '../../src/core/sim';
import { createSim } from '../../src/core/sim/simulate';
import { changeHugePmdProtects } from '../../src/core/sim/changeHugePmd';
import * as F from '../../src/core/sim/facts';
import { needReschedPoints } from '../../src/core/sim/rwlockNeedbreak';
import { initNumaTasks, nextNumaWork, taskTickNuma } from '../../src/core/sim/taskTickNuma';
import { caseToScenario } from '../../src/core/oracle/caseToScenario';
import { loadCaseFile } from '../../src/core/oracle/oracleFiles';
import { join } from 'node:path';

function preset(name: string, ...sets: string[]): Scenario {
  let sc = loadPreset(name);
  for (const s of sets) sc = applySet(sc, s);
  return sc;
}

describe('sim: issue #11 mechanisms', () => {
  it('task_numa_work() runs on the vCPU thread the tick interrupted: with one vCPU nothing contends', () => {
    const one = simulate(preset('zap-88m-contended', 'guest.vcpus=1'), 'v6.1').counters;
    assert.equal(one.remote_tlb_flush_requests, 1, 'the only vCPU runs the scan, out of the guest');
    assert.equal(one.remote_tlb_flush, 0, 'and no other vCPU is in guest mode to kick');
    const four = simulate(preset('zap-88m-contended'), 'v6.1').counters;
    assert.ok(four.remote_tlb_flush_requests > 1000, 'three other vCPUs retry into the range');
  });

  it('rwlock_needbreak(): 6.1 yields under any PREEMPT_DYNAMIC mode, 6.12 only under preempt=full', () => {
    const flushes = (v: string, ...sets: string[]): number =>
      simulate(preset('zap-88m-contended', ...sets), v).counters.remote_tlb_flush_requests;
    assert.ok(flushes('v6.1', 'host.preempt=none') > 1000);
    assert.equal(flushes('v6.1', 'host.preempt=none', 'host.preempt_dynamic=false'), 1);
    // 6.12 retries before taking mmu_lock anyway; v6.12's rule on the 6.5 base shows the needbreak alone
    assert.equal(flushes('v6.12', 'host.preempt=voluntary'), 1);
    assert.ok(flushes('v6.1', 'host.preempt=full') > 1000);
  });

  it('need_resched() points yield (and flush) whatever the preemption model', () => {
    const c = simulate(
      preset('zap-88m-contended', 'host.preempt=none', 'host.preempt_dynamic=false', 'host.resched_ms=0.5'),
      'v6.1',
    ).counters;
    assert.ok(
      c.remote_tlb_flush_requests > 1 && c.remote_tlb_flush_requests < 100,
      String(c.remote_tlb_flush_requests),
    );
  });

  it('need_resched() needs another task on the zapper CPU: the harness spinner scans without yields', () => {
    const sc = caseToScenario(
      loadCaseFile(join(__dirname, '..', '..', 'oracle', 'cases', 'nb-4k-pinned-spinner.json')),
    );
    const sim = createSim(sc, 'v6.12');
    const [toucher, spinner] = sim.vcpus;
    assert.ok(toucher.sharesOpCpu && !spinner.sharesOpCpu);
    const points = (vcpu: number): number => {
      sim.currentVcpu = vcpu;
      return needReschedPoints(sim, 0, 10e6);
    };
    assert.equal(points(-1), Math.floor(10 / sc.host.resched_ms), 'the VMM thread running an operation');
    assert.equal(points(toucher.index), points(-1), 'the toucher shares CPU 0 with the VMM main thread');
    assert.equal(points(spinner.index), 0, 'the spinner is alone on CPU 1');
    // without vcpu_loops nothing places threads: resched_ms stands for the host's other tasks everywhere
    const boot = createSim(preset('zap-88m-contended', 'host.resched_ms=0.5'), 'v6.1');
    boot.currentVcpu = 0;
    assert.equal(needReschedPoints(boot, 0, 10e6), 20);
  });

  it('task_tick_numa(): NUMA balancing switched on late, the period a tick finds, the spinner wins a tie', () => {
    const sc = caseToScenario(
      loadCaseFile(join(__dirname, '..', '..', 'oracle', 'cases', 'nb-4k-pinned-spinner.json')),
    );
    const sim = createSim(sc, 'v6.1');
    sim.numa.tasks = initNumaTasks(sim);
    // the warm-up: the mm is due at once and every thread keeps the sysctl's first period
    assert.equal(sim.numa.nextScanNs, 0);
    assert.deepEqual(
      sim.numa.tasks.map((k) => k.periodMs),
      [sc.numa_balancing.scan_delay_ms, sc.numa_balancing.scan_delay_ms],
    );
    assert.equal(nextNumaWork(sim, 0)?.vcpu, 1, 'the spinner, alone on CPU 1');
    // a tick planned under a 1 s period finds the period doubled: not due, node_stamp untouched
    const task = sim.numa.tasks[0];
    task.nodeStampNs = 0;
    task.periodMs = 2000;
    assert.equal(taskTickNuma(sim, 0, 1.5e9), false);
    assert.equal(task.nodeStampNs, 0);
    assert.equal(taskTickNuma(sim, 0, 2.5e9), true);
    assert.equal(task.nodeStampNs, 2e9);
  });

  it('migrate_pages(): ten try_to_migrate_one() notifiers per THP that cannot move, one per migrated page', () => {
    const thp = simulate(preset('thp-vfio'), 'v6.12');
    const mig = thp.by_cause.numa_migration ?? {};
    const failedThps = thp.counters.pgmigrate_fail / F.PMD_PAGES;
    assert.ok(failedThps > 0);
    assert.equal(mig.kvm_unmap_hva_range, failedThps * 10);
    assert.equal(
      thp.by_cause.numa_balancing?.kvm_unmap_hva_range,
      thp.counters.kvm_unmap_hva_range - failedThps * 10,
    );
    const nd = simulate(preset('no-device', 'duration_s=20'), 'v6.1');
    assert.equal(nd.by_cause.numa_migration?.kvm_unmap_hva_range ?? 0, nd.counters.numa_pages_migrated);
  });

  it('migrate_pages_batch() (6.3+): a pinned shmem folio is unmapped once per batch, an anon-exclusive one every pass', () => {
    // move_pages() = MIGRATE_SYNC: migrate_pages_sync() runs an async batch, then a sync batch per folio
    const notifiersPerFailedPage = (backing: string, v: string): number => {
      const m = simulate(preset('op-migration', `guest.backing=${backing}`, 'device.kind=vfio'), v).by_cause
        .migration;
      assert.ok(m?.pgmigrate_fail, 'pinned 4 KiB folios fail');
      return (m.kvm_unmap_hva_range ?? 0) / m.pgmigrate_fail;
    };
    assert.equal(
      notifiersPerFailedPage('memfd', 'v6.1'),
      10,
      '6.1: unmap and move in the same pass, ten passes',
    );
    assert.equal(notifiersPerFailedPage('memfd', 'v6.12'), 2, 'one unmap per migrate_pages_batch() call');
    assert.equal(
      notifiersPerFailedPage('anon', 'v6.12'),
      10,
      'folio_try_share_anon_rmap_pte() refuses every pass',
    );
    // a hinting fault's MIGRATE_ASYNC migration of a pinned memfd page on 6.12: one notifier
    const nb = simulate(preset('memfd-vfio', 'guest.memory_gib=1'), 'v6.12');
    assert.ok(nb.counters.pgmigrate_fail > 0);
    assert.equal(nb.by_cause.numa_migration?.kvm_unmap_hva_range, nb.counters.pgmigrate_fail);
  });

  it('__kvm_handle_hva_range(): kvm_unmap_gfn_range per memslot per address space, kvm_unmap_hva_range once', () => {
    const sc = preset('no-pin-1g', 'vmm.smm=true');
    const c = simulate(sc, 'v6.1').counters;
    assert.equal(c.kvm_unmap_hva_range, 1);
    assert.equal(c.kvm_unmap_gfn_range, 2, 'SMM address space too');
    const split = simulate(preset('no-pin-1g', 'vmm.smm=true', 'vmm.lowmem_gib=0.5'), 'v6.1').counters;
    assert.equal(split.kvm_unmap_gfn_range, 4, 'two memslots in two address spaces');
  });

  it('vma_policy_mof(): memfd guest RAM is never scanned on 6.1, scanned on 6.12', () => {
    assert.equal(simulate(preset('memfd-vfio', 'duration_s=5'), 'v6.1').counters.kvm_unmap_hva_range, 0);
    assert.ok(simulate(preset('memfd-vfio', 'duration_s=5'), 'v6.12').counters.kvm_unmap_hva_range > 0);
  });

  it('flush_tlb_mm_range(): host TLB shootdowns IPI the other running vCPUs after change_prot_numa()', () => {
    const c = simulate(preset('no-pin-1g'), 'v6.1').counters;
    assert.equal(c.nr_tlb_remote_flush, 1);
    assert.equal(c.nr_tlb_remote_flush_received, 3, 'three running vCPUs; the fourth runs the scan');
  });

  it('mprotect counts numa_huge_pte_updates per huge PMD (change_pmd_range() nr_huge_updates), not numa_pte_updates', () => {
    const r = simulate(preset('op-mprotect'), 'v6.1');
    assert.ok((r.by_cause.mprotect?.numa_huge_pte_updates ?? 0) > 0);
    assert.equal(r.by_cause.mprotect?.numa_pte_updates ?? 0, 0);
  });

  it('mm-2025: change_huge_pmd() also skips a COW-shared THP (folio_can_map_prot_numa())', () => {
    const shared = F.withShared(F.withHuge(F.withPte(0, F.PTE_PRESENT), true), true);
    const sc = preset('thp-vfio');
    assert.equal(changeHugePmdProtects(createSim(sc, 'v6.12'), shared, 0), true);
    assert.equal(changeHugePmdProtects(createSim(sc, 'mm-2025'), shared, 0), false);
  });
});
