// The notifier API a site can name: kernel-model.md §8, include/linux/mmu_notifier.h.
//
// Decision on the `__mmu_notifier_*` names: the inline wrappers in mmu_notifier.h call
// `__mmu_notifier_invalidate_range_start()` and friends only after checking
// `mm_has_notifiers()`; those are the implementation, not sites, and are left out.
// `__mmu_notifier_register()` is different: it is exported and called directly by drivers
// that already hold mmap_lock (nouveau_svm.c, sgx/encl.c) and by mm/mmu_notifier.c's
// `mmu_notifier_get_locked()`, so it is a registration site like `mmu_notifier_register()`.
// `mmu_notifier_get()`/`_get_locked()` are not in §8 and are not listed.

/** Callees whose first argument is a `struct mmu_notifier_range *`. */
export const RANGE_CALLEES: ReadonlySet<string> = new Set([
  'mmu_notifier_range_init',
  'mmu_notifier_range_init_owner',
  'mmu_notifier_invalidate_range_start',
  'mmu_notifier_invalidate_range_start_nonblock',
  'mmu_notifier_invalidate_range_end',
  'mmu_notifier_invalidate_range_only_end',
]);

/** Callees that set a range's event (their second argument is the `MMU_NOTIFY_*` constant). */
export const RANGE_INIT_CALLEES: ReadonlySet<string> = new Set([
  'mmu_notifier_range_init',
  'mmu_notifier_range_init_owner',
]);

/** Every notifier call a site can be (range callees included). */
export const NOTIFIER_CALLEES: ReadonlySet<string> = new Set([
  ...RANGE_CALLEES,
  'mmu_notifier_clear_flush_young',
  'mmu_notifier_clear_young',
  'mmu_notifier_test_young',
  'mmu_notifier_change_pte',
  'mmu_notifier_arch_invalidate_secondary_tlbs',
  'mmu_notifier_invalidate_range',
  'mmu_notifier_release',
  'mmu_notifier_register',
  '__mmu_notifier_register',
  'mmu_interval_notifier_insert',
  'mmu_interval_notifier_insert_locked',
  'mmu_interval_read_begin',
  'mmu_interval_read_retry',
  'mmu_notifier_numa_protect',
]);

/** The subscriber-side ops structs whose designated initialisers are sites. */
export const OPS_STRUCTS: ReadonlySet<string> = new Set(['mmu_notifier_ops', 'mmu_interval_notifier_ops']);

/** Substrings that every file with a site contains (a cheap pre-filter before lexing). */
export const SITE_MARKERS: readonly string[] = ['mmu_notifier', 'mmu_interval'];

/** True when a text can hold a site at all. */
export function mayHoldSites(text: string): boolean {
  return SITE_MARKERS.some((m) => text.includes(m));
}
