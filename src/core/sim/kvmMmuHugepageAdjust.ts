// arch/x86/kvm/mmu/mmu.c: kvm_mmu_hugepage_adjust(), disallowed_hugepage_adjust(); tdp_mmu.c:
// kvm_tdp_mmu_map() — the iTLB-multihit mitigation (kvm.nx_huge_pages) deciding the SPTE level.
// With the mitigation on, huge SPTEs are installed non-executable (make_spte()), so the guest's first
// instruction fetch in a 2 MiB region is an exec fault: kvm_mmu_hugepage_adjust() sets
// huge_page_disallowed (fault->exec && nx_huge_page_workaround_enabled) and keeps goal_level at 4K, and
// kvm_tdp_mmu_map() installs a page table for the region marked nx_huge_page_disallowed (6.1: after
// zapping a huge leaf there; from 6.2 by splitting it, tdp_mmu_split_huge_page()) and tracks it for
// recovery (track_possible_nx_huge_page(); 6.1: account_huge_nx_page()). Any later fault in the region,
// exec or not, meets that page table at the huge level and disallowed_hugepage_adjust() steps it down:
// 4K leaves although the host maps the region with a THP. tdp_mmu_zap_leafs() (NUMA invalidations,
// kvm_unmap_gfn_range()) zaps leaves only, so the page table and its 4K mapping survive every zap until
// kvm_recover_nx_huge_pages() zaps it (kvmRecoverNxHugePages.ts).
// Model: the regions the guest executes from are chosen once per seed (kvm.nx_exec_fraction, one stretch
// per GiB); a region's first fault is taken as its exec fault, so no huge leaf is installed there first.
import type { Sim } from './context';
import * as F from './facts';
import { derive } from './prng';

/** PRNG purpose of the executed-region choice (other modules use 77, 100+, 1000+). */
const EXEC_PURPOSE = 4242;

/** nx_huge_page_workaround_enabled: is_nx_huge_page_enabled(kvm). */
export function nxHugePagesEnabled(sim: Sim): boolean {
  return sim.sc.kvm.nx_huge_pages === 'on';
}

/**
 * Mark the 2 MiB regions the guest executes code from: in each GiB of guest RAM (the last one may be
 * partial), round(nx_exec_fraction x its regions) consecutive regions at an offset drawn per seed. The
 * guest's text (kernel image, modules, page-cache text of boot-time binaries) is placed by the guest
 * (KASLR, its page allocator), which the thread does not describe; one stretch per GiB is the model's
 * choice: the guest allocates boot-time memory out of large free blocks, and it costs two page-state
 * runs per GiB, like the THP layout. No-op when the mitigation is off.
 */
export function markExecRegions(sim: Sim): void {
  if (!nxHugePagesEnabled(sim) || sim.sc.kvm.nx_exec_fraction <= 0) return;
  const rng = derive(sim.sc.seed, EXEC_PURPOSE);
  for (let g = 0; g < sim.pages; g += F.PUD_PAGES) {
    const regions = Math.floor(Math.min(F.PUD_PAGES, sim.pages - g) / F.PMD_PAGES);
    const n = Math.min(regions, Math.round(sim.sc.kvm.nx_exec_fraction * regions));
    const at = g + rng.int(regions - n + 1) * F.PMD_PAGES;
    if (n > 0) sim.store.update(at, at + n * F.PMD_PAGES, (f) => F.withExec(f, true));
  }
}

/**
 * kvm_mmu_hugepage_adjust() + disallowed_hugepage_adjust(): must a fault on a page with facts f map
 * 4K although the host maps (or will map) it huge? Yes when the mitigation is on and the region has an
 * nx_huge_page_disallowed page table already, or this fault is the region's exec fault.
 */
export function hugePageDisallowed(sim: Sim, f: number): boolean {
  return nxHugePagesEnabled(sim) && (F.isNxSplit(f) || F.isExec(f));
}

/**
 * kvm_tdp_mmu_map() for a fault that was refused a huge SPTE in the host-huge region [c, c + 512):
 * the region's page table is (or stays) nx_huge_page_disallowed. A newly split region joins the
 * recovery list, oldest first (possible_nx_huge_pages; 6.1: lpage_disallowed_mmu_pages).
 */
export function markNxSplit(sim: Sim, c: number): void {
  let already = true;
  sim.store.forEach(c, c + F.PMD_PAGES, (_s, _e, f) => {
    if (!F.isNxSplit(f)) already = false;
  });
  if (already) return;
  sim.store.update(c, c + F.PMD_PAGES, (f) => F.withNxSplit(f, true));
  sim.nxSplits.push(c);
}
