// Kernel variants as data (kernel-model.md §5). Each record names the rules it changes and cites the
// commit, patch or function behind each. RFC v2's five patches are records too, so `rfc-v2:p1+p2`
// is just v6.5 plus those two records.
import { rule, type VariantRecord } from './rules';

export const BASE_RECORD: VariantRecord = {
  id: 'v6.1',
  description:
    'Linux 6.1: PMD-level PROTECTION_VMA notifier, page_count != 1 COW skip, retry check after mmu_lock',
  set: [
    rule('numaBalancing', true, 'kernel/sched/fair.c: task_numa_work() (kernel.numa_balancing=1)'),
    rule('vmaPolicyMof', true, 'kernel/sched/fair.c: task_numa_work() vma_policy_mof()'),
    rule(
      'notifierLevel',
      'pmd',
      'mm/mprotect.c: change_pmd_range() mmu_notifier_range_init() at first populated PMD',
    ),
    rule(
      'cowSkip',
      'page_count',
      'mm/mprotect.c: change_pte_range() is_cow_mapping() && page_count(page) != 1',
    ),
    rule('pteSkipPinnedAnonExclusive', false, 'mm/mprotect.c: change_pte_range() (no pinned check)'),
    rule('pmdSkipPinnedAnonExclusive', false, 'mm/huge_memory.c: change_huge_pmd() (no pinned check)'),
    rule('skipPinnedAnyMapping', false, 'mm/mprotect.c: change_pte_range()'),
    rule('numaRangeFlag', false, 'mm/mprotect.c: change_pmd_range() range flags 0'),
    rule('numaProtectOp', false, 'include/linux/mmu_notifier.h: struct mmu_notifier_ops'),
    rule('callNumaProtect', false, 'mm/mprotect.c: change_pte_range()'),
    rule(
      'kvmDeferNumaZap',
      false,
      'virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start() zaps every range',
    ),
    rule('kvmSkipPinnedGuess', false, 'arch/x86/kvm/mmu/tdp_mmu.c: tdp_mmu_zap_leafs()'),
    rule(
      'faultRetryBeforeLock',
      false,
      'arch/x86/kvm/mmu/mmu.c: is_page_fault_stale() after taking mmu_lock',
    ),
    rule(
      'rwlockNeedbreak',
      'config_preemption',
      'include/linux/sched.h: rwlock_needbreak() returns rwlock_is_contended() #ifdef CONFIG_PREEMPTION (PREEMPT_DYNAMIC selects it)',
    ),
    rule(
      'shmemPolicyMof',
      false,
      'mm/mempolicy.c: vma_policy_mof() returns false when vm_ops->get_policy (shmem_get_policy) finds no shared policy',
    ),
    rule(
      'migrateTlbBatch',
      false,
      'mm/migrate.c: unmap_and_move() -> try_to_migrate(folio, 0): each pass flushes (ptep_clear_flush)',
    ),
    rule(
      'migrateUnmapMoveSplit',
      false,
      'mm/migrate.c: migrate_pages() unmaps and moves each folio in the same pass; a failed move restores the PTEs (remove_migration_ptes()) and the next pass unmaps again',
    ),
    rule('pmdSkipCowShared', false, 'mm/huge_memory.c: change_huge_pmd() (no shared check)'),
    rule(
      'pageoutIgnoresReferences',
      false,
      'mm/vmscan.c: reclaim_folio_list() -> shrink_folio_list(..., ignore_references = false) -> folio_check_references() -> folio_referenced()',
    ),
    rule(
      'vmaScanPidFilter',
      false,
      'kernel/sched/fair.c: task_numa_work() scans every suitable VMA (no vma->numab_state before 6.4)',
    ),
  ],
};

export const RFC_V2_PATCHES: VariantRecord[] = [
  {
    id: 'p1',
    description: 'mm/mmu_notifier: introduce a new mmu notifier flag MMU_NOTIFIER_RANGE_NUMA',
    set: [rule('numaRangeFlag', true, 'RFC v2 1/5: change_pmd_range() passes MMU_NOTIFIER_RANGE_NUMA')],
  },
  {
    id: 'p2',
    description: "mm: don't set PROT_NONE to maybe-dma-pinned pages for NUMA-migrate purpose",
    set: [
      rule(
        'pteSkipPinnedAnonExclusive',
        true,
        'RFC v2 2/5: change_pte_range() skips anon-exclusive maybe-pinned',
      ),
      rule(
        'pmdSkipPinnedAnonExclusive',
        true,
        'RFC v2 2/5: change_huge_pmd() skips anon-exclusive maybe-pinned',
      ),
    ],
  },
  {
    id: 'p3',
    description: 'mm/mmu_notifier: introduce a new callback .numa_protect',
    set: [rule('numaProtectOp', true, 'RFC v2 3/5: mmu_notifier_numa_protect() in mm/mmu_notifier.c')],
  },
  {
    id: 'p4',
    description: 'mm/autonuma: call .numa_protect() when page is protected for NUMA migrate',
    set: [
      rule('callNumaProtect', true, 'RFC v2 4/5: change_pte_range()/change_huge_pmd() call it per entry'),
    ],
  },
  {
    id: 'p5',
    description: "KVM: Unmap pages only when it's indeed protected for NUMA migration",
    set: [
      rule(
        'kvmDeferNumaZap',
        true,
        'RFC v2 5/5: kvm_mmu_notifier_invalidate_range_start() + kvm_mmu_notifier_numa_protect()',
      ),
    ],
  },
];

export const VARIANT_RECORDS: VariantRecord[] = [
  BASE_RECORD,
  {
    id: 'v6.5',
    extends: 'v6.1',
    description:
      'Linux 6.5 (the RFC base): same NUMA/notifier/KVM rules as 6.1 (per-VMA scan state since 6.4)',
    set: [
      rule('notifierLevel', 'pmd', 'mm/mprotect.c: change_pmd_range() (unchanged in 6.5)'),
      rule(
        'migrateTlbBatch',
        true,
        'migrate_pages: batch flushing TLB (v6.3): migrate_pages_batch() -> try_to_migrate(TTU_BATCH_FLUSH) + try_to_unmap_flush()',
      ),
      rule(
        'migrateUnmapMoveSplit',
        true,
        'migrate_pages: batch _unmap and _move (v6.3): migrate_pages_batch() retries migrate_folio_unmap() and migrate_folio_move() in two loops',
      ),
    ],
  },
  {
    id: 'v6.8',
    extends: 'v6.5',
    description: 'Linux 6.8: KVM retries a fault on a range being invalidated before taking mmu_lock',
    set: [
      rule(
        'faultRetryBeforeLock',
        true,
        'KVM: x86/mmu: Retry fault before acquiring mmu_lock if mapping is changing (v6.8): kvm_faultin_pfn()',
      ),
    ],
  },
  {
    id: 'v6.12',
    extends: 'v6.8',
    description:
      'Linux 6.12: notifier in change_pud_range(); 4K skip of maybe-pinned/shared; change_huge_pmd() still has no pinned check',
    set: [
      rule('notifierLevel', 'pud', 'mm/mprotect: push mmu notifier to PUDs (v6.12): change_pud_range()'),
      rule(
        'rwlockNeedbreak',
        'preempt_full',
        'sched/core: Drop spinlocks on contention iff kernel is preemptible (v6.10): include/linux/spinlock.h rwlock_needbreak() preempt_model_preemptible()',
      ),
      rule(
        'shmemPolicyMof',
        true,
        'mm/mempolicy.c: vma_policy_mof() via __get_vma_policy(), falling back to get_task_policy() (v6.7 mempolicy rework)',
      ),
      rule(
        'pageoutIgnoresReferences',
        true,
        'mm: madvise: pageout: ignore references rather than clearing young (v6.9): reclaim_folio_list() -> shrink_folio_list(..., ignore_references = true)',
      ),
      rule(
        'cowSkip',
        'pinned_or_shared',
        'mm/mprotect.c: change_pte_range() folio_maybe_dma_pinned() || folio_likely_mapped_shared() (v6.12)',
      ),
      rule(
        'vmaScanPidFilter',
        true,
        'kernel/sched/fair.c: task_numa_work() vma->numab_state scan delay, pids_active reset, prev_scan_seq, vma_is_accessed() (start_scan_seq, numa_scan_offset, get_nr_threads() forced scan) and the vma_pids_forced retry (v6.12)',
      ),
    ],
  },
  {
    id: 'rfc-v1',
    extends: 'v6.5',
    description:
      'RFC v1 (3 patches): NUMA flag; mm skips pinned; KVM guesses pinned pages and skips zapping them (NAKed)',
    set: [
      rule('numaRangeFlag', true, 'RFC v1 1/3: MMU_NOTIFIER_RANGE_NUMA'),
      rule('pteSkipPinnedAnonExclusive', true, 'RFC v1 2/3: change_pte_range() skip'),
      rule('pmdSkipPinnedAnonExclusive', true, 'RFC v1 2/3: change_huge_pmd() skip'),
      rule(
        'kvmSkipPinnedGuess',
        true,
        'RFC v1 3/3: tdp_mmu_zap_leafs() skip_pinned (PageAnonExclusive && folio_maybe_dma_pinned)',
      ),
    ],
  },
  {
    id: 'rfc-v2',
    extends: 'v6.5',
    description: 'RFC v2 (all 5 patches): .numa_protect, KVM zaps per protected page',
    set: [],
  },
  {
    id: 'mm-2025',
    extends: 'v6.12',
    description:
      'late-2025 mm: folio_can_map_prot_numa() shared by PTE and PMD paths, always skips maybe-DMA-pinned folios',
    set: [
      rule(
        'skipPinnedAnyMapping',
        true,
        'mm: mprotect: always skip dma pinned folio in prot_numa_skip(); mm: huge_memory: use folio_can_map_prot_numa() for pmd folio',
      ),
      rule(
        'pmdSkipCowShared',
        true,
        'mm: huge_memory: use folio_can_map_prot_numa() for pmd folio: is_cow_mapping() && folio_maybe_mapped_shared() skip',
      ),
    ],
  },
  {
    id: 'no-numa-balancing',
    extends: 'v6.12',
    description: 'mitigation: sysctl kernel.numa_balancing=0',
    set: [
      rule('numaBalancing', false, 'kernel/sched/fair.c: task_numa_work() never queued (numa_balancing=0)'),
    ],
  },
  {
    id: 'mbind-no-mof',
    extends: 'v6.12',
    description:
      'mitigation: guest RAM bound with mbind(MPOL_BIND) without MPOL_F_MOF, so the VMA is never scanned',
    set: [rule('vmaPolicyMof', false, 'kernel/sched/fair.c: task_numa_work() skips !vma_policy_mof(vma)')],
  },
];
