// Behaviour a reviewer cares about, with exact numbers where they can be computed by hand.
import { strict as assert } from 'node:assert';
import {
  applySet,
  listVariants,
  loadPreset,
  OPERATIONS,
  parseVariantId,
  simulate,
  type Scenario,
} from '../../src/core/sim';
import { CAUSES, COUNTER_NAMES, type Counters, type SimulationResult } from '../../src/protocol/simulation';

function preset(name: string, ...sets: string[]): Scenario {
  let sc = loadPreset(name);
  for (const s of sets) sc = applySet(sc, s);
  return sc;
}

function sumByCause(r: SimulationResult): Counters {
  const out = Object.fromEntries(COUNTER_NAMES.map((k) => [k, 0])) as Counters;
  for (const c of CAUSES)
    for (const [k, v] of Object.entries(r.by_cause[c] ?? {})) out[k as keyof Counters] += v ?? 0;
  return out;
}

describe('sim: behaviour', () => {
  it('no-pin-1g: v6.1 flushes once for the range, RFC v2 once per 4 KiB page (262,144)', () => {
    const sc = preset('no-pin-1g');
    const base = simulate(sc, 'v6.1').counters;
    assert.equal(base.numa_pte_updates, 262144);
    assert.equal(base.kvm_unmap_hva_range, 1);
    assert.equal(base.remote_tlb_flush_requests, 1);
    assert.equal(base.sptes_zapped_4k, 262144);
    const v2 = simulate(sc, 'rfc-v2').counters;
    assert.equal(v2.numa_protect, 262144);
    assert.equal(v2.kvm_unmap_gfn_range, 262144);
    assert.equal(v2.remote_tlb_flush_requests, 262144);
    // four vCPUs always run, but the one whose thread runs task_numa_work() is out of the guest
    assert.equal(v2.tlb_flush_ipis, 262144 * 3, 'the three other running vCPUs kicked per flush');
  });

  it('counters use exactly the kernel names and by_cause adds up to them', () => {
    const r = simulate(preset('vfio-boot', 'guest.memory_gib=2', 'duration_s=8'), 'v6.1');
    assert.deepEqual(Object.keys(r.counters), [...COUNTER_NAMES]);
    assert.deepEqual(sumByCause(r), r.counters);
    assert.ok(r.cost_ns.total > 0);
  });

  it('is deterministic: same input, byte-identical output', () => {
    const sc = preset('vfio-boot', 'guest.memory_gib=2', 'duration_s=6');
    assert.equal(JSON.stringify(simulate(sc, 'v6.1')), JSON.stringify(simulate(sc, 'v6.1')));
    assert.notEqual(
      JSON.stringify(simulate(sc, 'v6.1')),
      JSON.stringify(simulate(applySet(sc, 'seed=2'), 'v6.1')),
    );
  });

  it('a time window re-simulates in full detail with the same counters', () => {
    const sc = preset('vfio-boot', 'guest.memory_gib=2', 'duration_s=6');
    const full = simulate(sc, 'v6.1');
    const w = simulate(sc, 'v6.1', { window: { t0: 2e9, t1: 3e9 } });
    assert.deepEqual(w.counters, full.counters);
    assert.equal(w.timeline.t0, 2e9);
    assert.ok(w.timeline.events.length > 0);
    for (const e of w.timeline.events)
      assert.ok(e.t + (e.dur ?? 0) >= 2e9 && e.t < 3e9, `event at ${e.t} outside the window`);
    assert.ok(
      w.timeline.events.some((e) => e.lane.startsWith('vcpu')),
      'per-vCPU lanes',
    );
  });

  it('zap-88m-contended: thousands of yield flushes on v6.1 (thread: 3,209), one on v6.8+', () => {
    const sc = preset('zap-88m-contended');
    const a = simulate(sc, 'v6.1').counters;
    assert.equal(a.kvm_unmap_gfn_range, 1);
    // 43 of the 44 THP-backed 2 MiB regions are 4K-mapped by KVM (NX huge pages), one 2M SPTE
    assert.equal(a.sptes_zapped_4k, 43 * 512);
    assert.equal(a.sptes_zapped_2m, 1);
    assert.ok(
      a.remote_tlb_flush_requests > 3000 && a.remote_tlb_flush_requests < 3400,
      String(a.remote_tlb_flush_requests),
    );
    assert.ok(a.fault_retries > 1000);
    assert.equal(simulate(sc, 'v6.8').counters.remote_tlb_flush_requests, 1);
  });

  it('hugetlbfs and mbind without MOF are never scanned', () => {
    const h = simulate(preset('hugetlbfs-vfio', 'duration_s=5', 'guest.memory_gib=2'), 'v6.1').counters;
    assert.equal(h.invalidate_range_start, 0);
    const m = simulate(preset('vfio-boot', 'duration_s=5', 'guest.memory_gib=2'), 'mbind-no-mof').counters;
    assert.equal(m.invalidate_range_start, 0);
    assert.equal(m.remote_tlb_flush_requests, 0);
  });

  it('every focused operation preset notifies with its own cause', () => {
    for (const op of OPERATIONS.filter((o) => o !== 'release')) {
      const r = simulate(preset(`op-${op.replace('_', '-')}`, 'guest.memory_gib=1', 'duration_s=5'), 'v6.1');
      const c = r.by_cause[op as keyof typeof r.by_cause];
      assert.ok(c && (c.invalidate_range_start ?? 0) > 0, `${op} sent no notifier`);
      assert.equal(r.by_cause.numa_balancing, undefined, `${op}: NUMA balancing should be held off`);
      assert.equal(r.violations.length, 0);
    }
    const rel = simulate(preset('op-release', 'guest.memory_gib=1'), 'v6.1');
    assert.ok(
      (rel.by_cause.release?.sptes_zapped_4k ?? 0) + (rel.by_cause.release?.sptes_zapped_2m ?? 0) > 0,
    );
  });

  it('variants: ids, patch subsets and clear errors', () => {
    assert.equal(parseVariantId('rfc-v2:p2+p1').id, 'rfc-v2:p1+p2');
    assert.equal(parseVariantId('rfc-v2:p1+p2').rules.kvmDeferNumaZap, false);
    assert.equal(parseVariantId('rfc-v2').rules.kvmDeferNumaZap, true);
    assert.equal(parseVariantId('v6.12').rules.notifierLevel, 'pud');
    assert.equal(parseVariantId('v6.8').rules.faultRetryBeforeLock, true);
    assert.throws(() => parseVariantId('v5.10'), /unknown variant 'v5.10'.*v6.1/);
    assert.throws(() => parseVariantId('rfc-v2:p9'), /unknown patch 'p9'/);
    assert.throws(() => parseVariantId('v6.1:p1'), /only rfc-v2/);
    const ids = listVariants().map((v) => v.id);
    for (const id of [
      'v6.1',
      'v6.5',
      'v6.8',
      'v6.12',
      'rfc-v1',
      'rfc-v2',
      'mm-2025',
      'no-numa-balancing',
      'mbind-no-mof',
    ])
      assert.ok(ids.includes(id), id);
    for (const v of listVariants())
      for (const r of v.rules) assert.ok(r.cite.length > 5, `${v.id}.${r.rule} has no citation`);
  });
});
