// The one table that says which real kernel counter stands for which simulator counter, and how close
// the simulator must come to it. Real counters come from three places in an oracle result:
// /proc/vmstat deltas (mm/vmstat.c names), KVM binary stats read through KVM_GET_STATS_FD (the VM's and
// the vCPUs' stat names in arch/x86/kvm/x86.c and virt/kvm/kvm_main.c) and ftrace tracepoint hit counts.
// The simulator already uses the kernel's names, so most rows map a name to itself.
// Times and rates are never compared: the real kernels run under QEMU TCG (see docs/validation.md).
import type { CounterName } from '../../protocol/simulation';

/** Where a real counter lives in an oracle result. */
export type RealSource = 'vmstat' | 'kvm_vm' | 'kvm_vcpu' | 'tracepoint';

/**
 * How close is close enough, per counter.
 * - `ratio`: simulated / real within [1/max, max] (or |simulated - real| <= slack, for small counts).
 * - `known`: the model is known to be far off for this counter (issue #11's mechanisms); the test still
 *   checks `check`: that both sides agree on zero vs non-zero (`zero`), or that the simulator errs on
 *   the side named (`at_most` / `at_least` the real value times `factor`).
 */
export type Tolerance =
  | { kind: 'ratio'; max: number; slack: number }
  | {
      kind: 'known';
      check: 'zero' | 'at_most' | 'at_least';
      factor: number;
      /** Why, in a few words; the full mechanism is in docs/validation-notes.json. */
      because: string;
    };

export interface CounterMapping {
  /** The simulator's counter (result.counters key). */
  sim: CounterName;
  source: RealSource;
  /** The real counter's name in that source (a tracepoint as `system:event`). */
  real: string;
  /** The kernel function that moves the real counter. */
  fn: string;
  tolerance: Tolerance;
}

// (Calls to it are pure: a bundle that does not use COUNTER_MAP leaves the table out.)
/* @__NO_SIDE_EFFECTS__ */
function ratio(max: number, slack = 2): Tolerance {
  return { kind: 'ratio', max, slack };
}

/** Real → simulated counters. Order is the order of the rows in docs/validation.md. */
export const COUNTER_MAP: readonly CounterMapping[] = [
  {
    sim: 'numa_pte_updates',
    source: 'vmstat',
    real: 'numa_pte_updates',
    fn: 'change_prot_numa() (mm/mempolicy.c) via change_pte_range()/change_huge_pmd()',
    tolerance: ratio(1.25, 64),
  },
  {
    sim: 'numa_huge_pte_updates',
    source: 'vmstat',
    real: 'numa_huge_pte_updates',
    fn: 'change_pmd_range() (mm/mprotect.c)',
    tolerance: ratio(1.25),
  },
  {
    sim: 'numa_hint_faults',
    source: 'vmstat',
    real: 'numa_hint_faults',
    fn: 'do_numa_page() / do_huge_pmd_numa_page() (mm/memory.c, mm/huge_memory.c)',
    tolerance: ratio(1.25, 64),
  },
  {
    sim: 'numa_hint_faults_local',
    source: 'vmstat',
    real: 'numa_hint_faults_local',
    fn: 'task_numa_fault() (kernel/sched/fair.c)',
    tolerance: ratio(1.25, 64),
  },
  {
    sim: 'numa_pages_migrated',
    source: 'vmstat',
    real: 'numa_pages_migrated',
    fn: 'migrate_misplaced_folio() / migrate_misplaced_page() (mm/migrate.c)',
    tolerance: ratio(1.25, 64),
  },
  {
    sim: 'pgmigrate_fail',
    source: 'vmstat',
    real: 'pgmigrate_fail',
    fn: 'migrate_pages() (mm/migrate.c)',
    tolerance: ratio(2, 64),
  },
  {
    sim: 'kvm_unmap_hva_range',
    source: 'tracepoint',
    real: 'kvm:kvm_unmap_hva_range',
    fn: 'kvm_mmu_notifier_invalidate_range_start() (virt/kvm/kvm_main.c)',
    tolerance: ratio(1.25, 2),
  },
  {
    sim: 'remote_tlb_flush_requests',
    source: 'kvm_vm',
    real: 'remote_tlb_flush_requests',
    fn: 'kvm_flush_remote_tlbs() (virt/kvm/kvm_main.c)',
    tolerance: ratio(2, 4),
  },
  {
    sim: 'remote_tlb_flush',
    source: 'kvm_vm',
    real: 'remote_tlb_flush',
    fn: 'kvm_flush_remote_tlbs() → kvm_make_all_cpus_request() (virt/kvm/kvm_main.c)',
    tolerance: ratio(2, 4),
  },
  {
    sim: 'ept_violations',
    source: 'tracepoint',
    real: 'kvm:kvm_page_fault',
    fn: 'npf_interception() → kvm_mmu_page_fault() (arch/x86/kvm/svm/svm.c, mmu/mmu.c)',
    tolerance: ratio(2, 64),
  },
  {
    sim: 'ept_violations',
    source: 'kvm_vcpu',
    real: 'pf_taken',
    fn: 'kvm_mmu_do_page_fault() (arch/x86/kvm/mmu/mmu_internal.h)',
    tolerance: ratio(2, 64),
  },
];

/** The mapping's label in tables: `vmstat numa_pte_updates`, `trace kvm:kvm_page_fault`, … */
export function realLabel(m: CounterMapping): string {
  const where = { vmstat: 'vmstat', kvm_vm: 'kvm vm', kvm_vcpu: 'kvm vcpu', tracepoint: 'trace' }[m.source];
  return `${where} ${m.real}`;
}

/** The stable key of a mapping (its source and real name), used by tolerance overrides and notes. */
export function mappingKey(m: CounterMapping): string {
  return `${m.source}:${m.real}`;
}
