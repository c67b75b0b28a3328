// arch/x86/kvm/mmu/tdp_mmu.c: tdp_mmu_map_handle_target_level() installing a 2M leaf where KVM still has
// a 4K page table. tdp_mmu_zap_leafs() clears leaves only, so after collapse_huge_page() (mm/khugepaged.c)
// zapped a region's 4K SPTEs the empty table stays; once the host maps the region with a huge page, the
// next fault's kvm_mmu_hugepage_adjust() picks the 2M level, the new leaf replaces the non-leaf SPTE
// (handle_removed_pt() frees the table, tracepoint kvm_mmu_prepare_zap_page) and, the old SPTE being
// present and not last-level, KVM flushes: kvm_flush_remote_tlbs_with_address() on 6.1,
// kvm_flush_remote_tlbs_gfn() on 6.12 — a full kvm_flush_remote_tlbs() where there is no ranged flush
// (no Hyper-V hook), one remote_tlb_flush_requests each.
import type { Cause, SourceRef } from '../../protocol/simulation';
import type { Sim } from './context';
import * as F from './facts';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';

/** collapse_huge_page() turned [c, c + 512) huge: if KVM mapped any of it with 4K leaves, their table stays. */
export function keepEmptyPt4k(sim: Sim, c: number, had4kLeaves: boolean): void {
  if (had4kLeaves) sim.emptyPt4k.add(c);
}

/** Any (NX-recovery or release) zap of the table itself: no table left to replace. */
export function dropEmptyPt4k(sim: Sim, c: number): void {
  sim.emptyPt4k.delete(c);
}

/** 2M leaves installed over [s, e) (whole 2 MiB regions) at t: flush once per region that had an empty table. */
export function hugeSpteOverPt(
  sim: Sim,
  s: number,
  e: number,
  t: number,
  cause: Cause,
  chain: SourceRef[],
): void {
  if (sim.emptyPt4k.size === 0) return;
  let n = 0;
  for (let c = F.alignDown(s, F.PMD_PAGES); c < e; c += F.PMD_PAGES) if (sim.emptyPt4k.delete(c)) n++;
  if (n > 0) kvmFlushRemoteTlbs(sim, t, cause, n, vcpusInGuestMode(sim, t), [...chain, HANDLE_TARGET_LEVEL]);
}

const HANDLE_TARGET_LEVEL: SourceRef = {
  file: 'arch/x86/kvm/mmu/tdp_mmu.c',
  fn: 'tdp_mmu_map_handle_target_level',
};
