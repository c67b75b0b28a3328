// workload.fault_pace (src/core/sim/faultPace.ts): a migration inside a vCPU's fault costs that vCPU
// fault_pace x migrate_4k_ns of guest time per unmapped folio; nothing else changes. Held on the oracle
// cases the pace stands for (TCG_PACE in caseToScenario.ts), over a fixed span so both runs compare.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCaseFile } from '../../src/core/oracle/oracleFiles';
import { caseToScenario, TCG_PACE } from '../../src/core/oracle/caseToScenario';
import { simulateFull } from '../../src/core/sim/simulate';
import { DEFAULT_COST } from '../../src/core/cost/costModel';

const ROOT = join(__dirname, '..', '..');
const caseNamed = (n: string) => loadCaseFile(join(ROOT, 'oracle', 'cases', `${n}.json`));
const run = (n: string, fault_pace: number, duration_s: number, variant = 'v6.1', nested_exit_ns = 0) =>
  simulateFull(
    { ...caseToScenario(caseNamed(n), { fault_pace, resched_ms: 0, nested_exit_ns }), duration_s },
    variant,
  );

describe('fault_pace: guest time of migrations in a vCPU fault', () => {
  it('changes nothing where no fault migrates (nb-4k-pinned: the paced sweep in chunks counts the same)', () => {
    const a = run('nb-4k-pinned', 0, 6);
    const b = run('nb-4k-pinned', TCG_PACE.fault_pace, 6);
    assert.deepEqual(b.result.counters, a.result.counters);
    assert.equal(b.sim.vcpus[0].lagNs, 0);
  });

  it('charges the toucher fault_pace x migrate_4k_ns per migrated 4 KiB folio and holds its pass back (nb-4k-unpinned)', () => {
    const a = run('nb-4k-unpinned', 0, 6);
    const b = run('nb-4k-unpinned', TCG_PACE.fault_pace, 6);
    const migrated = b.result.counters.numa_pages_migrated;
    assert.ok(migrated > 0);
    assert.equal(b.sim.vcpus[0].lagNs, TCG_PACE.fault_pace * DEFAULT_COST.migrate_4k_ns * migrated);
    // later scans find pages still PROT_NONE (change_pte_range() skips them): fewer updates
    assert.ok(b.result.counters.numa_pte_updates < a.result.counters.numa_pte_updates);
  });

  it('does not pace a migration the VMM thread runs (move_pages)', () => {
    const b = run('move-pages-4k', TCG_PACE.fault_pace, 0.2);
    assert.ok(b.result.counters.numa_pages_migrated + b.result.counters.kvm_unmap_hva_range > 0);
    assert.equal(b.sim.vcpus[0].lagNs, 0);
  });

  it('paces a pinned shmem folio unmapped once and restored on 6.12 like a move (nb-memfd-pinned)', () => {
    // migrate_pages_batch(): one try_to_migrate_one() unmap, the move fails, remove_migration_ptes()
    const b = run('nb-memfd-pinned', TCG_PACE.fault_pace, 3, 'v6.12');
    const failed = b.result.counters.pgmigrate_fail;
    assert.ok(failed > 0);
    assert.equal(b.sim.vcpus[0].lagNs, TCG_PACE.fault_pace * DEFAULT_COST.migrate_4k_ns * failed);
  });

  it('paces a pinned anon THP that try_to_migrate_one() refuses ten times as ten short attempts (nb-thp-pinned)', () => {
    const b = run('nb-thp-pinned', TCG_PACE.fault_pace, 3);
    const thps = b.result.counters.pgmigrate_fail / 512;
    assert.ok(thps > 0);
    assert.equal(b.sim.vcpus[0].lagNs, TCG_PACE.fault_pace * DEFAULT_COST.migrate_fail_ns * 10 * thps);
  });

  it('a stale fault retrying on a 6.1 zap comes back every retry_cycle_ns + nested_exit_ns: fewer yields under the emulator (dontneed-contended)', () => {
    const span = 0.08;
    const a = run('dontneed-contended', 0, span);
    const b = run('dontneed-contended', 0, span, 'v6.1', TCG_PACE.nested_exit_ns);
    const zaps = b.result.counters.kvm_unmap_hva_range;
    assert.equal(zaps, 3);
    // hardware retry cycle: hundreds of rwlock_needbreak() yields per zap, each flushing
    assert.ok(a.result.counters.remote_tlb_flush_requests > 200 * zaps);
    // the nested world switch makes each retry ~7x longer: ~7x fewer yields
    const ratio = a.result.counters.remote_tlb_flush_requests / b.result.counters.remote_tlb_flush_requests;
    const longer = (DEFAULT_COST.retry_cycle_ns + TCG_PACE.nested_exit_ns) / DEFAULT_COST.retry_cycle_ns;
    assert.ok(ratio > longer / 2 && ratio < longer * 2, `ratio ${ratio}, retry cycle ${longer}x longer`);
  });
});
