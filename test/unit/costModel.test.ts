// The cost model's defaults must be consistent with each other (docs/cost-model.md): a cost that
// contains another event can never be cheaper than that event.
import { strict as assert } from 'node:assert';
import { DEFAULT_COST } from '../../src/core/sim';

describe('cost model: defaults consistent with each other', () => {
  const c = DEFAULT_COST;
  it('a retry cycle and an IPI each contain a VM exit', () => {
    assert.ok(c.retry_cycle_ns >= c.vm_exit_ns, 'retry_cycle_ns >= vm_exit_ns');
    assert.ok(c.ipi_ns >= c.vm_exit_ns, 'ipi_ns >= vm_exit_ns');
  });
  it('a flush waits for an IPI round trip; a 2 MiB leaf is not cheaper than a 4 KiB one', () => {
    assert.ok(c.remote_tlb_flush_ns >= c.ipi_ns);
    assert.ok(c.host_tlb_flush_ns >= c.ipi_ns);
    assert.ok(c.spte_zap_2m_ns >= c.spte_zap_4k_ns);
  });
});
