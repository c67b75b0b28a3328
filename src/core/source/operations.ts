// Which operation leads to a site, and which simulator preset a lens on it runs.
// THE one table to align with the simulation's presets: OPERATIONS says, per operation id,
// its label and preset (`vfio-boot` for NUMA balancing; `op-<operation>` for the others; an
// operation with no preset of its own names the closest one and says so in `note`).
// A site is classified by (1) its enclosing function (FUNCTION_OPERATIONS, from the kernel
// functions of Linux 6.1 and 6.12 that hold sites), (2) subscriber side by file, (3) its file,
// (4) its MMU_NOTIFY_* event, (5) its callee; else `unknown`.
import { SiteKind } from './types';

export interface OperationInfo {
  label: string;
  preset: string;
  note?: string;
}

export const OPERATIONS = {
  numa_balancing: { label: 'mprotect / NUMA balancing', preset: 'vfio-boot' },
  mprotect: { label: 'mprotect', preset: 'op-mprotect' },
  munmap: { label: 'munmap', preset: 'op-munmap' },
  madvise: { label: 'madvise', preset: 'op-madvise' },
  migration: { label: 'page migration', preset: 'op-migration' },
  reclaim: { label: 'reclaim', preset: 'op-reclaim' },
  cow: { label: 'copy-on-write', preset: 'op-cow' },
  fork: { label: 'fork (COW write-protect)', preset: 'op-cow', note: 'closest preset: op-cow' },
  khugepaged: { label: 'khugepaged collapse', preset: 'op-khugepaged' },
  ksm: { label: 'KSM merge', preset: 'op-ksm' },
  soft_dirty: { label: 'soft-dirty / pagemap write-protect', preset: 'op-soft-dirty' },
  mremap: { label: 'mremap', preset: 'op-mremap' },
  release: { label: 'process exit (release)', preset: 'op-release' },
  oom_reap: {
    label: 'OOM reaper',
    preset: 'op-release',
    note: 'closest preset: op-release (a dying mm is torn down)',
  },
  thp_split: {
    label: 'THP split',
    preset: 'op-munmap',
    note: 'closest preset: op-munmap (partial unmap splits a THP)',
  },
  hugetlb_unshare: { label: 'hugetlb PMD unshare', preset: 'op-munmap', note: 'closest preset: op-munmap' },
  uffd_move: {
    label: 'userfaultfd move (UFFDIO_MOVE)',
    preset: 'op-mremap',
    note: 'closest preset: op-mremap',
  },
  uprobe: {
    label: 'uprobe page replace',
    preset: 'op-cow',
    note: 'closest preset: op-cow (a page is replaced by a copy)',
  },
  writeback: { label: 'writeback (page_mkclean)', preset: 'op-reclaim', note: 'closest preset: op-reclaim' },
  device_exclusive: {
    label: 'device-exclusive access',
    preset: 'op-migration',
    note: 'closest preset: op-migration',
  },
  page_aging: {
    label: 'page aging (accessed bits)',
    preset: 'op-reclaim',
    note: 'closest preset: op-reclaim',
  },
  tlb_flush: { label: 'secondary TLB flush', preset: 'op-munmap', note: 'closest preset: op-munmap' },
  registration: { label: 'notifier registration', preset: 'vfio-boot' },
  kvm_subscriber: { label: 'KVM subscriber', preset: 'vfio-boot' },
  device_subscriber: { label: 'hmm/device-driver subscriber', preset: 'vfio-boot' },
  unknown: {
    label: 'unknown',
    preset: 'vfio-boot',
    note: 'nothing tells the operation; the flagship preset',
  },
} as const satisfies Record<string, OperationInfo>;

export type OperationId = keyof typeof OPERATIONS;

/** Enclosing function → operation (kernel-model.md §8; names from 6.1 and 6.12). */
export const FUNCTION_OPERATIONS: Readonly<Record<string, OperationId>> = {
  change_pmd_range: 'numa_balancing',
  change_pud_range: 'numa_balancing',
  change_pte_range: 'numa_balancing',
  change_huge_pmd: 'numa_balancing',
  hugetlb_change_protection: 'mprotect',
  unmap_vmas: 'munmap',
  unmap_hugepage_range: 'munmap',
  __unmap_hugepage_range: 'munmap',
  zap_page_range: 'madvise',
  zap_page_range_single: 'madvise',
  madvise_free_single_vma: 'madvise',
  try_to_unmap_one: 'reclaim',
  try_to_migrate_one: 'migration',
  migrate_vma_collect: 'migration',
  __migrate_device_pages: 'migration',
  migrate_vma_pages: 'migration',
  page_vma_mkclean_one: 'writeback',
  wp_page_copy: 'cow',
  hugetlb_wp: 'cow',
  copy_page_range: 'fork',
  copy_hugetlb_page_range: 'fork',
  collapse_huge_page: 'khugepaged',
  collapse_pte_mapped_thp: 'khugepaged',
  collapse_and_free_pmd: 'khugepaged',
  retract_page_tables: 'khugepaged',
  __collapse_huge_page_isolate: 'khugepaged',
  hpage_collapse_scan_pmd: 'khugepaged',
  write_protect_page: 'ksm',
  replace_page: 'ksm',
  clear_refs_write: 'soft_dirty',
  do_pagemap_scan: 'soft_dirty',
  wp_clean_pre_vma: 'soft_dirty',
  wp_clean_post_vma: 'soft_dirty',
  move_page_tables: 'mremap',
  move_hugetlb_page_tables: 'mremap',
  move_pages_pte: 'uffd_move',
  move_pages_huge_pmd: 'uffd_move',
  exit_mmap: 'release',
  __oom_reap_task_mm: 'oom_reap',
  __split_huge_pmd: 'thp_split',
  __split_huge_pud: 'thp_split',
  hugetlb_unshare_pmds: 'hugetlb_unshare',
  __replace_page: 'uprobe',
  page_make_device_exclusive_one: 'device_exclusive',
  remove_device_exclusive_entry: 'device_exclusive',
  ptep_clear_flush_young_notify: 'page_aging',
  pmdp_clear_flush_young_notify: 'page_aging',
  ptep_clear_young_notify: 'page_aging',
  pmdp_clear_young_notify: 'page_aging',
  set_pte_at_notify: 'ksm',
  ptep_clear_flush_notify: 'tlb_flush',
  pmdp_huge_clear_flush_notify: 'tlb_flush',
  pudp_huge_clear_flush_notify: 'tlb_flush',
  kvm_init_mmu_notifier: 'kvm_subscriber',
  kvm_s390_pv_init_vm: 'kvm_subscriber',
};

/** Ordered path rules: the first pattern that matches the file decides. */
const FILE_OPERATIONS: readonly [RegExp, OperationId][] = [
  [/(^|\/)(virt\/kvm|arch\/[^/]+\/kvm)\//, 'kvm_subscriber'],
  [/(^|\/)(drivers\/|lib\/test_hmm\.c$|arch\/x86\/kernel\/cpu\/sgx\/)/, 'device_subscriber'],
  [/(^|\/)mm\/mmu_notifier\.c$/, 'registration'],
  [/(^|\/)mm\/mprotect\.c$/, 'mprotect'],
  [/(^|\/)mm\/ksm\.c$/, 'ksm'],
  [/(^|\/)mm\/khugepaged\.c$/, 'khugepaged'],
  [/(^|\/)mm\/mremap\.c$/, 'mremap'],
  [/(^|\/)mm\/madvise\.c$/, 'madvise'],
  [/(^|\/)mm\/migrate[^/]*\.c$/, 'migration'],
  [/(^|\/)mm\/damon\//, 'page_aging'],
  [/(^|\/)fs\/proc\/task_mmu\.c$/, 'soft_dirty'],
  [/(^|\/)(arch\/[^/]+\/(mm|include\/asm)\/|include\/asm-generic\/tlb\.h$)/, 'tlb_flush'],
];

const EVENT_OPERATIONS: Readonly<Record<string, OperationId>> = {
  MMU_NOTIFY_MIGRATE: 'migration',
  MMU_NOTIFY_SOFT_DIRTY: 'soft_dirty',
  MMU_NOTIFY_RELEASE: 'release',
  MMU_NOTIFY_UNMAP: 'munmap',
  MMU_NOTIFY_PROTECTION_VMA: 'mprotect',
  MMU_NOTIFY_EXCLUSIVE: 'device_exclusive',
};

const CALLEE_OPERATIONS: readonly [RegExp, OperationId][] = [
  [/^mmu_notifier_release$/, 'release'],
  [/young$/, 'page_aging'],
  [/^mmu_notifier_numa_protect$/, 'numa_balancing'],
  [/^mmu_notifier_change_pte$/, 'ksm'],
  [/^(__)?mmu_notifier_register$|^mmu_interval_/, 'registration'],
];

/** Subscriber side: which preset's events reach a handler of this ops field. */
const FIELD_PRESETS: readonly [RegExp, string][] = [
  [/young$/, 'op-reclaim'],
  [/^(release|free_notifier|alloc_notifier)$/, 'op-release'],
  [/^change_pte$/, 'op-ksm'],
  [/^(arch_invalidate_secondary_tlbs|invalidate_range)$/, 'op-munmap'],
];

export interface SiteFacts {
  file: string;
  function: string | null;
  callee: string;
  kind: SiteKind;
  event: string;
  field?: string;
  handler?: string;
}

export interface OperationOfSite {
  operation: OperationId;
  label: string;
  preset: string;
}

function pick(operation: OperationId, preset?: string): OperationOfSite {
  const info: OperationInfo = OPERATIONS[operation];
  return { operation, label: info.label, preset: preset ?? info.preset };
}

function firstMatch<T>(rules: readonly [RegExp, T][], s: string): T | undefined {
  for (const [re, v] of rules) if (re.test(s)) return v;
  return undefined;
}

export function classifySite(f: SiteFacts): OperationOfSite {
  const file = f.file.replace(/\\/g, '/');
  if (f.kind !== 'call') {
    const subscriber: OperationId = /(^|\/)(virt\/kvm|arch\/[^/]+\/kvm)\//.test(file)
      ? 'kvm_subscriber'
      : 'device_subscriber';
    return pick(subscriber, firstMatch(FIELD_PRESETS, f.field ?? '') ?? 'vfio-boot');
  }
  const byFunction = f.function === null ? undefined : FUNCTION_OPERATIONS[f.function];
  if (byFunction) return pick(byFunction);
  const byFile = firstMatch(FILE_OPERATIONS, file);
  if (byFile) return pick(byFile);
  const byEvent = EVENT_OPERATIONS[f.event];
  if (byEvent) return pick(byEvent);
  const byCallee = firstMatch(CALLEE_OPERATIONS, f.callee);
  return pick(byCallee ?? 'unknown');
}
