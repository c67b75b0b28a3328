// Per-folio/PTE/SPTE facts of one guest page, packed in one small integer so a run of equal pages is
// one (start, value) pair. Host side: PTE state and mapping size (mm/memory.c, mm/huge_memory.c);
// folio facts: node, long-term pin, refcount class, anon-exclusive, KSM, zero page, likely shared;
// KVM side: the TDP MMU leaf SPTE and an nx_huge_page_disallowed page table above it
// (arch/x86/kvm/mmu/tdp_mmu.c); guest side: the guest executes from the page's 2 MiB region.

export const PTE_NONE = 0;
export const PTE_PRESENT = 1;
export const PTE_PROT_NONE = 2;
export const SPTE_ABSENT = 0;
export const SPTE_4K = 1;
export const SPTE_2M = 2;
export const REFS_NORMAL = 0;
/** >= GUP_PIN_COUNTING_BIAS (1024) references all the time, not pinned (folio_maybe_dma_pinned() false positive). */
export const REFS_HIGH = 1;
/** >= 1024 references only during bursts (in-flight non-pinning GUP), see Sim.transientRefsHigh(). */
export const REFS_TRANSIENT = 2;

/** Pages per 2 MiB PMD (HPAGE_PMD_NR). */
export const PMD_PAGES = 512;
/** Pages per 1 GiB PUD. */
export const PUD_PAGES = 512 * 512;
/** 4 KiB pages in a GiB. */
export const PAGES_PER_GIB = PUD_PAGES;

const PTE_SHIFT = 0; // 2 bits
const HUGE_BIT = 1 << 2;
const SPTE_SHIFT = 3; // 2 bits
const NODE_SHIFT = 5; // 4 bits
const PINNED_BIT = 1 << 9;
const REFS_SHIFT = 10; // 2 bits
const ANON_EXCL_BIT = 1 << 12;
const KSM_BIT = 1 << 13;
const ZERO_BIT = 1 << 14;
const SHARED_BIT = 1 << 15;
/** The guest executes code from this page's 2 MiB region (set on whole regions, kvm.nx_huge_pages on). */
const EXEC_BIT = 1 << 16;
/**
 * KVM's TDP MMU has a page table (non-leaf SPTE) for this 2 MiB region marked nx_huge_page_disallowed
 * (kvm_tdp_mmu_map() after an exec fault): its leaves are 4K whatever the host maps. Set on whole regions.
 */
const NX_SPLIT_BIT = 1 << 17;
/**
 * The page's SPTE has its accessed bit clear: kvm_age_gfn() aged it (MADV_PAGEOUT's reference check before
 * 6.9, folioReferenced.ts) and the guest has not touched the page since. KVM installs SPTEs accessed.
 */
const SPTE_OLD_BIT = 1 << 18;

export const pte = (f: number): number => (f >> PTE_SHIFT) & 3;
export const spte = (f: number): number => (f >> SPTE_SHIFT) & 3;
export const node = (f: number): number => (f >> NODE_SHIFT) & 15;
export const refs = (f: number): number => (f >> REFS_SHIFT) & 3;
export const isHuge = (f: number): boolean => (f & HUGE_BIT) !== 0;
export const isPinned = (f: number): boolean => (f & PINNED_BIT) !== 0;
export const isAnonExclusive = (f: number): boolean => (f & ANON_EXCL_BIT) !== 0;
export const isKsm = (f: number): boolean => (f & KSM_BIT) !== 0;
export const isZero = (f: number): boolean => (f & ZERO_BIT) !== 0;
export const isShared = (f: number): boolean => (f & SHARED_BIT) !== 0;
export const isExec = (f: number): boolean => (f & EXEC_BIT) !== 0;
export const isNxSplit = (f: number): boolean => (f & NX_SPLIT_BIT) !== 0;
export const isSpteOld = (f: number): boolean => (f & SPTE_OLD_BIT) !== 0;

export const withPte = (f: number, v: number): number => (f & ~(3 << PTE_SHIFT)) | (v << PTE_SHIFT);
export const withSpte = (f: number, v: number): number => (f & ~(3 << SPTE_SHIFT)) | (v << SPTE_SHIFT);
export const withNode = (f: number, v: number): number =>
  (f & ~(15 << NODE_SHIFT)) | ((v & 15) << NODE_SHIFT);
export const withRefs = (f: number, v: number): number => (f & ~(3 << REFS_SHIFT)) | (v << REFS_SHIFT);
const flag = (f: number, bit: number, on: boolean): number => (on ? f | bit : f & ~bit);
export const withHuge = (f: number, on: boolean): number => flag(f, HUGE_BIT, on);
export const withPinned = (f: number, on: boolean): number => flag(f, PINNED_BIT, on);
export const withAnonExclusive = (f: number, on: boolean): number => flag(f, ANON_EXCL_BIT, on);
export const withKsm = (f: number, on: boolean): number => flag(f, KSM_BIT, on);
export const withZero = (f: number, on: boolean): number => flag(f, ZERO_BIT, on);
export const withShared = (f: number, on: boolean): number => flag(f, SHARED_BIT, on);
export const withExec = (f: number, on: boolean): number => flag(f, EXEC_BIT, on);
export const withNxSplit = (f: number, on: boolean): number => flag(f, NX_SPLIT_BIT, on);
export const withSpteOld = (f: number, on: boolean): number => flag(f, SPTE_OLD_BIT, on);

/** Number of 2 MiB boundaries (multiples of PMD_PAGES) in [s, e): how many PMDs / 2M leaves start there. */
export function chunkStarts(s: number, e: number): number {
  if (e <= s) return 0;
  return Math.floor((e - 1) / PMD_PAGES) - Math.ceil(s / PMD_PAGES) + 1;
}

export const alignDown = (g: number, a: number): number => Math.floor(g / a) * a;
export const alignUp = (g: number, a: number): number => Math.ceil(g / a) * a;
