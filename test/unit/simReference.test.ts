// The range engine against the per-page reference model: identical counters and identical final state
// for every variant, on fixed presets shrunk to a few MiB and on >= 1,000 random small scenarios.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  applySet,
  loadPreset,
  OPERATIONS,
  parseScenario,
  type Operation,
  type Scenario,
} from '../../src/core/sim';
import { runRangeModel, runReference } from '../../src/core/reference/referenceModel';

const VARIANTS = [
  'v6.1',
  'v6.5',
  'v6.8',
  'v6.12',
  'rfc-v1',
  'rfc-v2',
  'rfc-v2:p1+p2',
  'rfc-v2:p1+p2+p3+p4',
  'rfc-v2:p5',
  'rfc-v2:p3+p4',
  'mm-2025',
  'no-numa-balancing',
  'mbind-no-mof',
];

function assertSame(sc: Scenario, variant: string): void {
  const a = runRangeModel(sc, variant);
  const b = runReference(sc, variant);
  assert.deepEqual(a.counters, b.counters, `${sc.name} on ${variant}: counters differ`);
  assert.deepEqual(a.finalState, b.finalState, `${sc.name} on ${variant}: final state differs`);
  assert.equal(a.violations, b.violations, `${sc.name} on ${variant}: violations differ`);
}

function shrink(name: string): Scenario {
  let sc = loadPreset(name);
  for (const s of ['guest.memory_gib=0.015625', 'numa_balancing.scan_size_mb=4', 'guest.vcpus=2'])
    sc = applySet(sc, s);
  return applySet(sc, `duration_s=${Math.min(sc.duration_s, 3)}`);
}

describe('sim: range engine vs per-page reference', () => {
  for (const name of [
    'vfio-boot',
    'thread-boot',
    'zap-88m-contended',
    'mdev-partial',
    'no-device',
    'thp-vfio',
    'memfd-vfio',
    'anon4k-vfio',
    'op-munmap',
    'op-migration',
    'op-khugepaged',
    'op-ksm',
  ])
    it(`${name} (16 MiB) gives identical counters and final state on every variant`, () => {
      const sc = shrink(name);
      for (const v of name === 'vfio-boot' || name === 'thp-vfio' ? VARIANTS : ['v6.1', 'rfc-v2', 'v6.12'])
        assertSame(sc, v);
    });

  it('random scenarios (1,000): identical counters and final state', function () {
    this.timeout(120000);
    const arb = fc.record({
      chunks: fc.integer({ min: 1, max: 4 }),
      vcpus: fc.integer({ min: 1, max: 4 }),
      backing: fc.constantFrom('anon', 'thp', 'hugetlbfs', 'memfd'),
      thp: fc.constantFrom(0, 0.25, 0.5, 1),
      device: fc.constantFrom('vfio', 'mdev', 'none'),
      seed: fc.integer({ min: 0, max: 1e6 }),
      dur: fc.integer({ min: 100, max: 500 }),
      boot: fc.integer({ min: 0, max: 400 }),
      rate: fc.constantFrom(0, 2000, 20000, 100000),
      active: fc.constantFrom(0, 20, 100),
      ws: fc.constantFrom(0.1, 0.5, 1),
      scan: fc.integer({ min: 1, max: 8 }),
      delay: fc.integer({ min: 0, max: 400 }),
      special: fc.constantFrom('none', 'high_refcount', 'transient_refcount', 'ksm', 'zero', 'shared'),
      op: fc.constantFrom<'none' | Operation>('none', ...OPERATIONS),
      variant: fc.constantFrom(...VARIANTS),
      nx: fc.constantFrom(0, 0, 0.25, 1),
      nxPeriod: fc.constantFrom(0, 150),
    });
    fc.assert(
      fc.property(arb, (r) => {
        const pages = r.chunks * 512;
        const sc = parseScenario({
          name: 'random',
          seed: r.seed,
          duration_s: r.dur / 1000,
          guest: { memory_gib: pages / 262144, vcpus: r.vcpus, backing: r.backing, thp_fraction: r.thp },
          device: { kind: r.device, mdev_pinned_fraction: 0.3, mdev_chunk_mib: 2, mdev_churn_period_s: 0.3 },
          kvm:
            r.nx > 0
              ? {
                  nx_huge_pages: 'on',
                  nx_exec_fraction: r.nx,
                  nx_recovery_ratio: 2,
                  nx_recovery_period_ms: r.nxPeriod,
                }
              : {},
          workload: {
            boot_s: r.boot / 1000,
            boot_touch_rate: r.rate * 2,
            access_rate: r.rate,
            active_ms: r.active,
            idle_ms: r.active,
            boot_idle_ms: r.active,
            working_set_fraction: r.ws,
          },
          numa_balancing: {
            scan_delay_ms: r.delay,
            scan_period_min_ms: 600,
            scan_period_max_ms: 2000,
            scan_size_mb: r.scan,
          },
          special_pages:
            r.special === 'none'
              ? []
              : [{ gfn: 100, pages: 300, kind: r.special, period_ms: 0.7, high_ms: 0.3 }],
          operations:
            r.op === 'none'
              ? []
              : [{ op: r.op, at_s: r.dur / 2000, gfn: 0, pages: pages / 2, target_node: 1 }],
        });
        assertSame(sc, r.variant);
      }),
      { numRuns: 1000, seed: 42 },
    );
  });
});
