// workload.prefault_node: the state a VMM leaves guest RAM in before the measured window of the real-kernel
// oracle (oracle/): it populated every page on one node (mbind(MPOL_BIND) while touching, then
// MPOL_DEFAULT), and the guest ran one warm-up pass, so every page has a PTE and a secondary-MMU leaf
// (kvm_tdp_page_fault() ran once per page, or once per 2 MiB where the host maps a THP). Nothing of this
// is counted: the oracle's counters are deltas over the window. Runs before any device pins the pages
// (vfio_pin_pages_remote() then finds them present and keeps their node).
import type { Sim } from './context';
import * as F from './facts';
import { freshPage, hostMapsHugeOnFault } from './kvmFaultinPfn';
import { hugePageDisallowed, markNxSplit } from './kvmMmuHugepageAdjust';

export function prefault(sim: Sim): void {
  const node = sim.sc.workload.prefault_node;
  if (node < 0) return;
  for (let c = 0; c < sim.pages; c += F.PMD_PAGES) {
    const e = Math.min(sim.pages, c + F.PMD_PAGES);
    const huge = e - c === F.PMD_PAGES && hostMapsHugeOnFault(sim, c);
    let split = false; // kvm.nx_huge_pages: the warm-up pass executed from this region
    if (huge) sim.store.forEach(c, e, (_s, _e, f) => (split ||= hugePageDisallowed(sim, f)));
    sim.store.update(c, e, (f) =>
      F.withSpte(F.withNode(freshPage(sim, f, c, huge, node), node), huge && !split ? F.SPTE_2M : F.SPTE_4K),
    );
    if (split) markNxSplit(sim, c);
  }
  sim.rssPages = sim.pages;
}
