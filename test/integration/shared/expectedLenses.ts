// The lenses a reviewer should see above each notifier call site, in one place: both the
// extension-host suites and the UI end-to-end checks read this. When the extension's lens
// design changes (another lens per site, a new title), change it here.

export interface LensKind {
  /** How the title starts. */
  titlePrefix: string;
  /** The command it runs. */
  command: string;
}

/** The lens that runs a simulation for the site under it. */
export const SIMULATE_LENS: LensKind = { titlePrefix: '▶ Simulate', command: 'mmuNotifierLens.simulate' };

/** Every call site gets these lenses, in this order. */
export const LENSES_PER_CALL_SITE: readonly LensKind[] = [
  SIMULATE_LENS,
  { titlePrefix: 'Compare', command: 'mmuNotifierLens.compareVariants' },
];

/** The file the UI end-to-end test opens, and the call whose lens it clicks. */
export const E2E_FILE = 'mm/mprotect.c';
export const E2E_CALL_TEXT = 'mmu_notifier_invalidate_range_start(&range)';
