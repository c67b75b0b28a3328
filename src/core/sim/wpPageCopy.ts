// mm/memory.c: do_wp_page() -> wp_page_copy() for a guest write to a KSM page. ksmd left the page
// write-protected and zapped its SPTE (write_protect_page(), replace_page()), so the vCPU's write is an
// EPT violation; kvm_faultin_pfn() -> hva_to_pfn() asks GUP for a writable page (FOLL_WRITE), GUP-fast
// refuses the read-only PTE and the slow path's handle_mm_fault() breaks COW: PageKsm() (6.1) /
// folio_test_ksm() (6.12) always copies, one MMU_NOTIFY_CLEAR pair for the page (KVM has nothing to zap:
// the SPTE is already gone; vmstat cow_ksm). That pair moved mmu_invalidate_seq after the fault sampled
// it, so the fault is stale and retried once (6.1: is_page_fault_stale() -> mmu_invalidate_retry_hva();
// 6.12: is_page_fault_stale() -> mmu_invalidate_retry_gfn(), after kvm_faultin_pfn() sampled
// fault->mmu_seq): two EPT violations per broken page. Only vCPUs whose accesses are writes break COW
// (workload.vcpu_loops sweeps: the harness's toucher stores a dword); the generic access streams do not
// say read or write and leave KSM pages shared, as before.
import type { Sim } from './context';
import { count, spend } from './context';
import * as F from './facts';
import { notifyPage, noNotifies, reportNotifies } from './rmapNotify';
import type { Vcpu } from './vcpu';

const CHAIN = [
  { file: 'mm/memory.c', fn: 'do_wp_page' },
  { file: 'mm/memory.c', fn: 'wp_page_copy' },
];

/** The write fault of vCPU v on [s, e) breaks COW on every KSM page there; returns how many. */
export function breakKsmCow(sim: Sim, v: Vcpu, s: number, e: number, t: number): number {
  if (!v.writes) return 0;
  const ksm: number[] = [];
  sim.store.forEach(s, e, (a, b, f) => {
    if (F.pte(f) === F.PTE_PRESENT && F.isKsm(f)) for (let g = a; g < b; g++) ksm.push(g);
  });
  if (ksm.length === 0) return 0;
  const acc = noNotifies();
  for (const g of ksm) notifyPage(sim, g, acc);
  reportNotifies(sim, acc, t, 'cow', CHAIN, ksm[0], ksm[ksm.length - 1] + 1);
  for (const g of ksm)
    sim.store.update(g, g + 1, (f) => F.withAnonExclusive(F.withShared(F.withKsm(f, false), false), true));
  // the stale fault's retry: one more EPT violation per broken page
  count(sim, 'cow', 'fault_retries', ksm.length);
  count(sim, 'cow', 'ept_violations', ksm.length);
  spend(sim, 'fault_retry', ksm.length * sim.cost.retry_cycle_ns);
  spend(sim, 'vm_exit', ksm.length * sim.cost.vm_exit_ns);
  return ksm.length;
}
