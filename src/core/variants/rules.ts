// The rules a kernel variant can change. The engine reads only these flags; a variant is data
// (variants.ts) that sets some of them, each with a citation. Adding a variant touches no engine code.

export interface VariantRules {
  /** kernel.numa_balancing sysctl: task_numa_work() runs at all. */
  numaBalancing: boolean;
  /** The guest-RAM VMA's policy has MPOL_F_MOF (or none): task_numa_work() scans it. */
  vmaPolicyMof: boolean;
  /** Where change_protection() starts the notifier: change_pmd_range() (<= 6.11) or change_pud_range() (6.12+). */
  notifierLevel: 'pmd' | 'pud';
  /** change_pte_range() prot_numa skip for COW mappings: `page_count != 1` (6.1/6.5) or maybe-pinned || likely-shared (6.12). */
  cowSkip: 'page_count' | 'pinned_or_shared';
  /** change_pte_range(): skip anon-exclusive maybe-DMA-pinned pages (RFC patch 2). */
  pteSkipPinnedAnonExclusive: boolean;
  /** change_huge_pmd(): skip anon-exclusive maybe-DMA-pinned folios (RFC patch 2). */
  pmdSkipPinnedAnonExclusive: boolean;
  /** folio_can_map_prot_numa(): PTE and PMD paths always skip maybe-DMA-pinned folios, any mapping (mm 2025). */
  skipPinnedAnyMapping: boolean;
  /** change_protection(): flag the range MMU_NOTIFIER_RANGE_NUMA (RFC patch 1). */
  numaRangeFlag: boolean;
  /** struct mmu_notifier_ops gains .numa_protect (RFC v2 patch 3). */
  numaProtectOp: boolean;
  /** change_pte_range()/change_huge_pmd() call mmu_notifier_numa_protect() per entry made PROT_NONE (RFC v2 patch 4). */
  callNumaProtect: boolean;
  /** KVM: NUMA-flagged start marks in-progress but zaps nothing; .numa_protect zaps + flushes (RFC v2 patch 5). */
  kvmDeferNumaZap: boolean;
  /** KVM TDP MMU skips anon-exclusive maybe-DMA-pinned leaves on NUMA ranges when MMF_HAS_PINNED (RFC v1 patch 3). */
  kvmSkipPinnedGuess: boolean;
  /** kvm_faultin_pfn(): mmu_invalidate_retry_gfn_unsafe() before taking mmu_lock (v6.8). */
  faultRetryBeforeLock: boolean;
  /**
   * When rwlock_needbreak() sees a waiter: 'config_preemption' (<= 6.9: any CONFIG_PREEMPTION kernel,
   * so every PREEMPT_DYNAMIC mode) or 'preempt_full' (6.10+: preempt_model_preemptible()).
   */
  rwlockNeedbreak: 'config_preemption' | 'preempt_full';
  /** vma_policy_mof() true for a shmem/memfd VMA without a shared policy (6.7+: falls back to the task policy). */
  shmemPolicyMof: boolean;
  /** MIGRATE_ASYNC unmaps small folios with TTU_BATCH_FLUSH: one host TLB flush per migrate_pages_batch() (6.3+). */
  migrateTlbBatch: boolean;
  /**
   * migrate_pages_batch() (6.3+) retries the unmap step and the move step in separate loops: a folio that
   * try_to_migrate() unmapped but whose move fails (folio_migrate_mapping()'s refcount freeze) keeps its
   * migration entries while only the move is retried, so it costs one notifier per batch, not one per pass.
   */
  migrateUnmapMoveSplit: boolean;
  /** folio_can_map_prot_numa() in change_huge_pmd(): a COW-shared THP is skipped too (mm 2025). */
  pmdSkipCowShared: boolean;
  /**
   * MADV_PAGEOUT's reclaim_pages() -> reclaim_folio_list() -> shrink_folio_list(ignore_references): false
   * before 6.9 (a folio KVM reports young through .clear_flush_young is kept, not unmapped), true from 6.9.
   */
  pageoutIgnoresReferences: boolean;
  /**
   * task_numa_work() keeps per-VMA state (vma->numab_state) and skips a VMA the scanning thread has not
   * taken a hinting fault in (vma_is_accessed(), with its exemptions and forced scans; 6.12 form).
   */
  vmaScanPidFilter: boolean;
}

export type RuleName = keyof VariantRules;

/** One rule a variant sets: the value and where it comes from (commit, patch or function). */
export interface RuleSetting<K extends RuleName = RuleName> {
  rule: K;
  value: VariantRules[K];
  cite: string;
}

/** The declarative record of one variant. */
export interface VariantRecord {
  id: string;
  description: string;
  /** The variant this one starts from (its rules first, then `set`). */
  extends?: string;
  set: RuleSetting[];
}

/** A resolved variant: every rule, with the citation of whichever record last set it. */
export interface ResolvedVariant {
  id: string;
  description: string;
  rules: VariantRules;
  cites: Partial<Record<RuleName, string>>;
}

export function rule<K extends RuleName>(r: K, value: VariantRules[K], cite: string): RuleSetting {
  return { rule: r, value, cite } as RuleSetting;
}
