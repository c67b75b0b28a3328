// move_pages(2) of pinned 4 KiB folios by the VMM thread on the CPU the toucher shares
// (sim/migratePagesResched.ts): the retry passes' try_to_migrate_one() notifiers interleave with the
// toucher's scheduler slices, so a page it re-faulted between two tries is zapped and flushed again.
import { strict as assert } from 'node:assert';
import { applySet, simulate } from '../../src/core/sim';
import { migratePagesTryOrder } from '../../src/core/sim/migratePagesResched';
import { caseToScenario } from '../../src/core/oracle/caseToScenario';
import type { OracleCase } from '../../src/core/oracle/oracleCase';
import movePagesPinned from '../../oracle/cases/move-pages-4k-pinned.json';

const scenario = () => caseToScenario(movePagesPinned as unknown as OracleCase);

describe('migrate_pages() tries interleaved with the toucher (mm/migrate.c)', () => {
  it('tries in the kernel order: 6.1 ten passes per batch of 512; 6.3+ three passes, then seven per folio', () => {
    assert.deepEqual(
      [...migratePagesTryOrder(false, 3)],
      Array.from({ length: 30 }, (_, k) => k % 3),
    );
    assert.deepEqual(
      [...migratePagesTryOrder(true, 3)],
      [0, 1, 2, 0, 1, 2, 0, 1, 2, ...Array(7).fill(0), ...Array(7).fill(1), ...Array(7).fill(2)],
    );
    const big = [...migratePagesTryOrder(false, 514)];
    assert.equal(big.length, 5140);
    assert.ok(
      big.slice(0, 5120).every((i) => i < 512),
      'the first batch is retried before the second starts',
    );
  });

  for (const variant of ['v6.1', 'v6.12'])
    it(`${variant}: re-faulted pages are zapped again; every zap is re-faulted once`, () => {
      const one = simulate(applySet(scenario(), 'host.resched_ms=0'), variant).counters;
      const c = simulate(scenario(), variant).counters;
      // ten notifiers per pinned folio either way
      assert.equal(c.kvm_unmap_hva_range, 10240);
      assert.equal(one.kvm_unmap_hva_range, 10240);
      // without need_resched() slices the toucher waits: one zap per page
      assert.equal(one.sptes_zapped_4k, 1024);
      assert.equal(one.remote_tlb_flush_requests, 1024);
      // with them, the toucher re-faults pages between tries and later tries zap them again
      assert.ok(c.sptes_zapped_4k > 1536, `zaps ${c.sptes_zapped_4k}`);
      assert.ok(c.sptes_zapped_4k <= 10240);
      assert.equal(c.remote_tlb_flush_requests, c.sptes_zapped_4k);
      assert.equal(c.ept_violations, c.sptes_zapped_4k);
    });
});
