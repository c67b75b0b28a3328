// src/core/sim/reschedSlice.ts: at each need_resched() yield of a zap (tdp_mmu_iter_cond_resched() ->
// __cond_resched_rwlock_write()), a vCPU the operation's thread preempted on the same CPU runs one slice
// (host.resched_ms) of stale-fault retries on the range: per slice floor(slice / period), the period
// retry_cycle_ns (+ fault_service_ns on 6.1: pfn and mmu_lock before is_page_fault_stale()) plus
// workload.nested_exit_ns. Held on the oracle cases the mechanism was written for.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCaseFile } from '../../src/core/oracle/oracleFiles';
import { caseToScenario, TCG_PACE } from '../../src/core/oracle/caseToScenario';
import { simulateWith } from '../../src/core/sim/simulate';
import { DEFAULT_COST } from '../../src/core/cost/costModel';
import type { Scenario } from '../../src/core/scenario/types';

const ROOT = join(__dirname, '..', '..');
const scenarioOf = (n: string): Scenario =>
  caseToScenario(loadCaseFile(join(ROOT, 'oracle', 'cases', `${n}.json`)), TCG_PACE);
const c = DEFAULT_COST;
const sliceNs = TCG_PACE.resched_ms * 1e6;
const perSlice = (variant: string): number =>
  Math.floor(
    sliceNs /
      ((variant === 'v6.1' ? c.retry_cycle_ns + c.fault_service_ns : c.retry_cycle_ns) +
        TCG_PACE.nested_exit_ns),
  );

describe('reschedSlice: the slice a need_resched() yield hands to a vCPU preempted on the zapper CPU', () => {
  for (const variant of ['v6.1', 'v6.12'])
    it(`clear-refs-soft-dirty on ${variant}: one slice of stale retries per yield of the two whole-region zaps`, () => {
      const r = simulateWith(scenarioOf('clear-refs-soft-dirty'), variant);
      const zaps = r.counters.kvm_unmap_hva_range;
      // every yield flushes (a leaf was zapped since the last flush), and each zap flushes once at its end
      const yields = r.counters.remote_tlb_flush_requests - zaps;
      assert.ok(yields > 0, 'the fitted resched_ms makes these zaps yield');
      assert.equal(r.counters.fault_retries, yields * perSlice(variant));
      assert.equal(r.by_cause.soft_dirty?.fault_retries, yields * perSlice(variant));
      assert.equal(r.counters.ept_violations, r.counters.sptes_zapped_4k + yields * perSlice(variant));
    });

  it('6.12 retries before the pfn and mmu_lock, so more of them fit in a slice than on 6.1', () => {
    assert.ok(perSlice('v6.12') > perSlice('v6.1'));
  });

  it('collapse-4k: the toucher retries in the slices of the 512-SPTE zaps that reach a need_resched() point', () => {
    const r = simulateWith(scenarioOf('collapse-4k'), 'v6.1');
    // the zaps' own flushes (the 2M installs after the collapse flush under guest_fault)
    const yields = (r.by_cause.khugepaged?.remote_tlb_flush_requests ?? 0) - r.counters.kvm_unmap_hva_range;
    assert.ok(yields > 0);
    assert.equal(r.by_cause.khugepaged?.fault_retries, yields * perSlice('v6.1'));
  });

  it('nothing is handed over without need_resched() points, or to a vCPU the operation does not preempt', () => {
    const base = scenarioOf('clear-refs-soft-dirty');
    const noResched = simulateWith({ ...base, host: { ...base.host, resched_ms: 0 } }, 'v6.1');
    assert.equal(noResched.counters.fault_retries, 0);
    const loops = base.workload.vcpu_loops.map((l) => ({ ...l, off_during_ops_ms: 0 }));
    // in guest mode during the zap, it contends for mmu_lock as a vCPU on another CPU does
    // (tdpMmuZapLeafs.ts): no slice is handed over, but its retries carry the world switch too
    // (staleRetryCycleNs()), so it comes back for the lock less often
    const own = (nested_exit_ns: number) =>
      simulateWith({ ...base, workload: { ...base.workload, vcpu_loops: loops, nested_exit_ns } }, 'v6.1');
    const hw = own(0);
    const nested = own(TCG_PACE.nested_exit_ns);
    assert.equal(hw.by_cause.soft_dirty?.fault_retries ?? 0, hw.counters.fault_retries);
    assert.ok(nested.counters.fault_retries > 0);
    assert.ok(nested.counters.fault_retries < hw.counters.fault_retries);
  });

  it('without nested_exit_ns a retry costs its modelled cycle only (hardware)', () => {
    const base = scenarioOf('clear-refs-soft-dirty');
    const hw = simulateWith({ ...base, workload: { ...base.workload, nested_exit_ns: 0 } }, 'v6.1');
    const yields = hw.counters.remote_tlb_flush_requests - hw.counters.kvm_unmap_hva_range;
    assert.equal(
      hw.counters.fault_retries,
      yields * Math.floor(sliceNs / (c.retry_cycle_ns + c.fault_service_ns)),
    );
  });
});
