// src/core/sim/hugeSpteOverPt.ts: tdp_mmu_map_handle_target_level() flushes when a 2M leaf replaces the
// 4K page table a collapse left behind (tdp_mmu_zap_leafs() clears leaves only). Held on collapse-4k,
// whose real kernels count 18 flush requests: 8 zaps + 8 such installs + 2 need_resched() yields.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadCaseFile } from '../../src/core/oracle/oracleFiles';
import { caseToScenario, TCG_PACE } from '../../src/core/oracle/caseToScenario';
import { simulateWith } from '../../src/core/sim/simulate';

const ROOT = join(__dirname, '..', '..');
const collapse = caseToScenario(loadCaseFile(join(ROOT, 'oracle', 'cases', 'collapse-4k.json')), TCG_PACE);

describe('hugeSpteOverPt: a 2M SPTE over the 4K table a collapse emptied flushes', () => {
  for (const variant of ['v6.1', 'v6.12'])
    it(`collapse-4k on ${variant}: one flush per collapsed region when the toucher maps it 2M`, () => {
      const r = simulateWith(collapse, variant);
      const regions = r.counters.kvm_unmap_hva_range; // one collapse_huge_page() notifier per 2 MiB
      assert.equal(regions, 8);
      assert.equal(r.by_cause.guest_fault?.remote_tlb_flush_requests, regions);
      // the toucher is the only vCPU and runs the fault itself: nobody to kick
      assert.equal(r.by_cause.guest_fault?.remote_tlb_flush ?? 0, 0);
    });

  it('a collapse that fails (memfd guest RAM here) leaves the host at 4 KiB: the table is reused, no flush', () => {
    const memfd = { ...collapse, guest: { ...collapse.guest, backing: 'memfd' as const } };
    const r = simulateWith(memfd, 'v6.1');
    assert.equal(r.counters.kvm_unmap_hva_range, 8, 'the notifier is sent before the collapse can fail');
    assert.equal(r.by_cause.guest_fault?.remote_tlb_flush_requests ?? 0, 0);
  });
});
