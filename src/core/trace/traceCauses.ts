// The kernel function that fires each imported tracepoint, as a one-element cause chain (the
// timeline's click-to-open and tooltip read it). Locations checked in Linux 6.1 and 6.12.
import type { SourceRef } from '../../protocol/simulation';

// (Calls to it are pure: a bundle that does not use TRACE_CAUSE leaves the table out.)
/* @__NO_SIDE_EFFECTS__ */
function at(file: string, fn: string): SourceRef[] {
  return [{ file, fn }];
}

export const TRACE_CAUSE = {
  unmapHvaRange: at('virt/kvm/kvm_main.c', 'kvm_mmu_notifier_invalidate_range_start'),
  spteZap: at('arch/x86/kvm/mmu/tdp_mmu.c', 'handle_changed_spte'),
  spteInstall: at('arch/x86/kvm/mmu/tdp_mmu.c', 'handle_changed_spte'),
  prepareZapPage: at('arch/x86/kvm/mmu/mmu.c', 'kvm_mmu_prepare_zap_page'),
  zapAllFast: at('arch/x86/kvm/mmu/mmu.c', 'kvm_mmu_zap_all_fast'),
  pageFault: at('arch/x86/kvm/svm/svm.c', 'npf_interception'),
  migratePages: at('mm/migrate.c', 'migrate_pages'),
  sched_move_numa: at('kernel/sched/core.c', 'migrate_task_to'),
  sched_stick_numa: at('kernel/sched/fair.c', 'task_numa_migrate'),
  sched_swap_numa: at('kernel/sched/core.c', 'migrate_swap'),
  tlbFlush: at('arch/x86/mm/tlb.c', 'native_flush_tlb_multi'),
} as const;
