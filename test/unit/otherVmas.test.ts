// vmm.other_vmas (src/core/sim/otherVmas.ts): task_numa_work() walks the VMM's VMAs besides guest RAM in
// every pass. Each mapped one gets one notifier (the kvm_unmap_hva_range tracepoint fires whether or not a
// memslot overlaps), its protectable PTEs become PROT_NONE once and again after each re-touch, and only a
// memslot's notifier reaches kvm_unmap_gfn_range(). Held on the nb-4k-pinned case (nothing of guest RAM
// migrates, every task_numa_work() run is one whole pass), with and without a small list of VMAs.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCaseFile } from '../../src/core/oracle/oracleFiles';
import { caseToScenario } from '../../src/core/oracle/caseToScenario';
import { harnessVmas } from '../../src/core/oracle/harnessVmas';
import { otherVma } from '../../src/core/scenario/defaults';
import { parseScenario } from '../../src/core/scenario/parseScenario';
import { ScenarioError, type OtherVma, type Scenario } from '../../src/core/scenario/types';
import { simulateFull } from '../../src/core/sim/simulate';

const ROOT = join(__dirname, '..', '..');
const base = caseToScenario(loadCaseFile(join(ROOT, 'oracle', 'cases', 'nb-4k-pinned.json')));
const vma = otherVma;
const run = (other_vmas: OtherVma[], variant = 'v6.1') =>
  simulateFull({ ...base, duration_s: 20, vmm: { ...base.vmm, other_vmas } } as Scenario, variant);

describe('vmm.other_vmas: the NUMA scan over the VMM’s own VMAs', () => {
  const list = [
    vma({ name: 'heap', mapped_pages: 4, protectable_pages: 3, retouched_pages: 1 }),
    vma({ name: 'unpopulated', mapped_pages: 0 }),
    vma({
      name: 'code slot',
      below_ram: false,
      mapped_pages: 2,
      protectable_pages: 2,
      retouched_pages: 2,
      memslot: true,
      spte_faults: 3,
      thread: 0,
    }),
  ];

  // on 6.1: 6.12 skips VMAs the scanning thread has not faulted in (see the next test), and this pinned
  // guest RAM takes no hinting faults
  for (const variant of ['v6.1'])
    it(`one notifier per mapped VMA per pass, PROT_NONE once and after each re-touch (${variant})`, () => {
      const a = run([], variant);
      const b = run(list, variant);
      const passes = b.sim.numa.scanSeq;
      assert.ok(passes >= 2, `${passes} passes`);
      assert.equal(a.sim.numa.scanSeq, passes, 'the same scan passes');
      const d = (k: keyof typeof b.result.counters) => b.result.counters[k] - a.result.counters[k];
      assert.equal(d('kvm_unmap_hva_range'), 2 * passes); // the unpopulated VMA sends none
      assert.equal(d('invalidate_range_start'), 2 * passes);
      assert.equal(d('invalidate_range_end'), 2 * passes);
      assert.equal(d('kvm_unmap_gfn_range'), passes); // only the memslot's notifier
      assert.equal(d('numa_pte_updates'), 3 + 2 + (passes - 1) * (1 + 2));
      assert.equal(d('numa_hint_faults'), passes * (1 + 2));
      assert.equal(d('numa_hint_faults_local'), passes * (1 + 2));
      assert.equal(d('ept_violations'), passes * 3);
    });

  it('6.12: a VMA only the main thread faults in is left to forced runs (vma_is_accessed()); 6.1 scans it in every run', () => {
    const unpinned = caseToScenario(loadCaseFile(join(ROOT, 'oracle', 'cases', 'nb-4k-unpinned.json')));
    const heap = vma({ name: 'main heap', mapped_pages: 4, protectable_pages: 3, retouched_pages: 1 });
    for (const variant of ['v6.1', 'v6.12']) {
      const sc = { ...unpinned, duration_s: 30, vmm: { ...unpinned.vmm, other_vmas: [heap] } } as Scenario;
      const { result, sim } = simulateFull(sc, variant);
      const runs = result.timeline.events.filter(
        (e) => e.kind === 'numa_scan' && e.detail?.startsWith('vCPU'),
      );
      const heapScans = result.timeline.events.filter((e) => e.detail?.startsWith('VMM VMA "main heap"'));
      const skipped = runs.filter((e) => e.detail?.includes('skipped (not accessed): main heap'));
      const passes = sim.numa.scanSeq;
      assert.ok(passes >= 3, `${passes} passes`);
      if (variant === 'v6.1') {
        assert.equal(runs.length, passes, 'every run a whole pass');
        assert.equal(skipped.length, 0);
        assert.equal(heapScans.length, passes);
      } else {
        // the first two passes scan it; later runs skip it, then force it (the only VMA left), so a pass
        // takes two runs: the second finds everything scanned and completes the pass
        assert.ok(skipped.length >= 1, 'skipped after two passes');
        assert.equal(heapScans.length, passes + (runs.length > 2 * passes - 2 ? 1 : 0));
        assert.ok(runs.length > passes, `${runs.length} runs for ${passes} passes`);
      }
    }
  });

  it('none by default: a scenario without the field walks guest RAM only', () => {
    assert.deepEqual(parseScenario({}).vmm.other_vmas, []);
    const a = run([]);
    assert.equal(a.result.counters.kvm_unmap_hva_range, a.sim.numa.scanSeq);
  });

  it('the harness VMM: 7 VMAs with one vCPU thread, 2 more per extra vCPU (the traced ranges show 8 and 10 per pass)', () => {
    assert.equal(harnessVmas([{ kind: 'sweep' }]).length, 7);
    assert.equal(harnessVmas([{ kind: 'sweep' }, { kind: 'spin' }]).length, 9);
    assert.equal(harnessVmas([{ kind: 'sweep' }]).filter((v) => v.memslot).length, 1);
  });

  it('rejects more re-touched than protectable pages, naming the entry', () => {
    assert.throws(
      () =>
        parseScenario({
          vmm: { other_vmas: [{ name: 'x', mapped_pages: 2, protectable_pages: 1, retouched_pages: 2 }] },
        }),
      (e: unknown) => e instanceof ScenarioError && /vmm\.other_vmas\[0\]/.test(String(e)),
    );
  });
});
