// src/core/sim/wpPageCopy.ts and ksmMerge.ts: on ksm-merge-4k the harness's toucher writes every page
// again after ksmd merged it. Each merge is write_protect_page() + replace_page() (two CLEAR pairs, the
// KSM page itself only the first), each write to a KSM page breaks COW (do_wp_page() -> wp_page_copy(),
// one more pair) and its fault is stale once (mmu_invalidate_seq moved): two EPT violations per page.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCaseFile } from '../../src/core/oracle/oracleFiles';
import { caseToScenario, TCG_PACE } from '../../src/core/oracle/caseToScenario';
import { simulateWith } from '../../src/core/sim/simulate';
import { KSM_MAX_PAGE_SHARING, ksmReplaceCalls } from '../../src/core/sim/ksmMerge';

const ROOT = join(__dirname, '..', '..');
const ksm = caseToScenario(loadCaseFile(join(ROOT, 'oracle', 'cases', 'ksm-merge-4k.json')), TCG_PACE);
const PAGES = 16 * 256; // the case's 16 MiB range

describe('ksm merge and the COW breaks that follow it', () => {
  it('replace_page() notifies every merged page but the one per KSM page', () => {
    assert.equal(ksmReplaceCalls(0), 0);
    assert.equal(ksmReplaceCalls(2), 1);
    assert.equal(ksmReplaceCalls(KSM_MAX_PAGE_SHARING), KSM_MAX_PAGE_SHARING - 1);
    assert.equal(ksmReplaceCalls(KSM_MAX_PAGE_SHARING + 1), KSM_MAX_PAGE_SHARING - 1);
    assert.equal(ksmReplaceCalls(PAGES), PAGES - PAGES / KSM_MAX_PAGE_SHARING);
  });

  for (const variant of ['v6.1', 'v6.12'])
    it(`ksm-merge-4k on ${variant}: the toucher breaks every merge by COW, each fault retried once`, () => {
      const r = simulateWith(ksm, variant);
      const cow = r.by_cause.cow ?? {};
      assert.equal(cow.kvm_unmap_hva_range, PAGES, 'one wp_page_copy() pair per merged page');
      assert.equal(cow.sptes_zapped_4k ?? 0, 0, 'the merge already zapped the SPTE');
      assert.equal(cow.remote_tlb_flush_requests ?? 0, 0, 'nothing zapped, no flush');
      assert.equal(cow.ept_violations, PAGES, 'the stale fault after each COW');
      assert.equal(r.by_cause.ksm?.kvm_unmap_hva_range, PAGES + ksmReplaceCalls(PAGES));
      assert.equal(r.counters.ept_violations, 2 * PAGES);
    });

  it('a vCPU whose accesses are not writes (no vcpu_loops) leaves KSM pages shared', () => {
    const reader = { ...ksm, workload: { ...ksm.workload, vcpu_loops: [] } };
    const r = simulateWith(reader, 'v6.1');
    assert.equal(r.by_cause.cow?.kvm_unmap_hva_range ?? 0, 0);
  });
});
