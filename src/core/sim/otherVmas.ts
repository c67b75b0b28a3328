// kernel/sched/fair.c: task_numa_work() over the VMM's VMAs besides guest RAM (scenario vmm.other_vmas).
// The scan walks every VMA of the mm in address order, not only guest RAM: the VMM's data, heap, stacks,
// kvm_run mappings and a small guest-code memslot. For each one with a populated PMD,
// change_prot_numa() -> change_protection() -> change_pmd_range() (mm/mprotect.c; change_pud_range() on
// 6.12) sends one MMU_NOTIFY_PROTECTION_VMA notifier. KVM's kvm_mmu_notifier_invalidate_range_start()
// (virt/kvm/kvm_main.c, 6.1 and 6.12) fires the kvm_unmap_hva_range tracepoint before it looks for an
// overlapping memslot, so every one counts; only a memslot's VMA leads to kvm_unmap_gfn_range() and an
// SPTE zap with its flush. change_pte_range() makes the protectable PTEs PROT_NONE (numa_pte_updates),
// flush_tlb_range() follows, and the VMM's threads take a hinting fault (do_numa_page(), mm/memory.c) on
// each page they touch again before the next pass.
// Simplifications: a VMA's hinting faults are counted at the scan that made the pages PROT_NONE (its
// thread touches them well before the next pass); every page is on its thread's node (none migrates);
// these small VMAs never end a task_numa_work() run early (their pages are left out of its budget); and
// the faults are not fed to task_numa_fault() (taskNumaFault.ts), so they do not change a vCPU thread's
// scan period. In the real kernel they do: a vCPU thread that takes a local fault on its own stack or
// kvm_run page every pass never has the zero local faults that double its period. Feeding them moved the
// fitted TCG pace's own case (nb-4k-unpinned: numa_hint_faults_local 13,376 -> 8,685, real 13,270), so
// that waits for a refit of workload.fault_pace (docs/simulation.md).
import { count, type Sim } from './context';
import { FN } from './causes';
import { flushTlbMmRange } from './flushTlbMmRange';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import { vmaSetAccessPidBit } from './vmaNumabState';

const CHAIN = [FN.taskNumaWork, FN.changeProtNuma, FN.changeProtection];

/** Walk the other VMAs below (or above) guest RAM at t; returns the time the walk ends. */
export function walkOtherVmas(sim: Sim, below: boolean, t: number): number {
  for (const [i, v] of sim.sc.vmm.other_vmas.entries())
    if (v.below_ram === below) t = scanOtherVma(sim, i, t);
  return t;
}

/** change_prot_numa() over other VMA i at t (nothing without a populated PMD); returns when it ends. */
export function scanOtherVma(sim: Sim, i: number, t: number): number {
  const vmas = sim.sc.vmm.other_vmas;
  const protNone = (sim.numa.otherProtNone ??= vmas.map(() => 0));
  const v = vmas[i];
  if (v.mapped_pages === 0) return t; // no populated PMD: no notifier
  // change_pmd_range(): mmu_notifier_invalidate_range_start() -> kvm_mmu_notifier_invalidate_range_start()
  count(sim, 'numa_balancing', 'invalidate_range_start', 1);
  count(sim, 'numa_balancing', 'kvm_unmap_hva_range', 1);
  t += sim.cost.notifier_ns;
  if (v.memslot) {
    // __kvm_handle_hva_range(): the memslot overlaps -> kvm_unmap_gfn_range(); the vCPUs' SPTEs of
    // the pages they mapped again since the last pass are zapped, then kvm_flush_remote_tlbs()
    count(sim, 'numa_balancing', 'kvm_unmap_gfn_range', 1);
    if (v.spte_faults > 0) {
      count(sim, 'numa_balancing', 'sptes_zapped_4k', v.retouched_pages);
      t += kvmFlushRemoteTlbs(sim, t, 'numa_balancing', 1, vcpusInGuestMode(sim, t), [...CHAIN, FN.kvmStart]);
    }
  }
  // change_pte_range(): the protectable PTEs not already PROT_NONE
  const updates = v.protectable_pages - protNone[i];
  count(sim, 'numa_balancing', 'numa_pte_updates', updates);
  protNone[i] = v.protectable_pages;
  if (updates > 0) t += flushTlbMmRange(sim, t, 'numa_balancing', 1, CHAIN);
  count(sim, 'numa_balancing', 'invalidate_range_end', 1);
  sim.rec.event(t, 'scanner', 'numa_scan', 0, 0, [...CHAIN], {
    detail: `VMM VMA "${v.name}": ${updates} pages made PROT_NONE${v.memslot ? ' (a memslot: SPTEs zapped)' : ''}`,
  });
  // do_numa_page() on the pages the VMA's thread touches again; a memslot's are reached from the vCPU
  // threads' EPT violations (kvm_faultin_pfn() -> hva_to_pfn() -> GUP)
  const faults = Math.min(v.retouched_pages, protNone[i]);
  count(sim, 'numa_balancing', 'numa_hint_faults', faults);
  const threadNode = v.thread >= 0 ? (sim.sc.host.vcpu_nodes[v.thread] ?? v.node) : v.node;
  if (threadNode === v.node) count(sim, 'numa_balancing', 'numa_hint_faults_local', faults);
  protNone[i] -= faults;
  if (faults > 0) vmaSetAccessPidBit(sim, i, v.thread);
  if (v.memslot) count(sim, 'numa_balancing', 'ept_violations', v.spte_faults);
  return t;
}
