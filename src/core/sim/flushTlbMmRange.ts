// arch/x86/mm/tlb.c: flush_tlb_mm_range() on the VMM's own mm (host page tables, not KVM's).
// change_protection() ends in one after it changed entries (change_prot_numa(), mprotect()), and so does
// each migration pass's unmap in try_to_migrate_one() (ptep_clear_flush(), pmdp_invalidate()) or, with
// TTU_BATCH_FLUSH (6.3+ MIGRATE_ASYNC), one try_to_unmap_flush() per migrate_pages_batch(). The IPIs go
// to the other CPUs in mm_cpumask: here the CPUs running the VMM's other vCPU threads in guest mode,
// each of which takes a VM exit (halted vCPUs' CPUs are idle in lazy-TLB mode and are skipped). vmstat
// counts nr_tlb_remote_flush per call that IPI'd and nr_tlb_remote_flush_received per CPU reached.
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import { vcpusInGuestMode } from './kvmFlushRemoteTlbs';

const FLUSH_TLB_MM_RANGE: SourceRef = { file: 'arch/x86/mm/tlb.c', fn: 'flush_tlb_mm_range' };

/** `calls` flushes at t; returns the time the caller spends (waiting for the acks). */
export function flushTlbMmRange(
  sim: Sim,
  t: number,
  cause: Cause,
  calls: number,
  chain: SourceRef[],
): number {
  if (calls <= 0) return 0;
  const cpus = vcpusInGuestMode(sim, t);
  if (cpus === 0) return 0; // a local flush only
  count(sim, cause, 'nr_tlb_remote_flush', calls);
  count(sim, cause, 'nr_tlb_remote_flush_received', calls * cpus);
  spend(sim, 'host_tlb_flush', calls * sim.cost.host_tlb_flush_ns);
  spend(sim, 'ipi', calls * cpus * sim.cost.ipi_ns);
  sim.rec.guest(
    t,
    'pte',
    'tlb_flush_ipi',
    0,
    sim.pages,
    [...chain, FLUSH_TLB_MM_RANGE],
    calls,
    `${cpus} CPU(s) IPI'd`,
  );
  return calls * sim.cost.host_tlb_flush_ns;
}
