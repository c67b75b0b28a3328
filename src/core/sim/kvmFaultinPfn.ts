// arch/x86/kvm/mmu/mmu.c: kvm_faultin_pfn() -> virt/kvm/kvm_main.c: hva_to_pfn()
// GUP-fast fails on a PROT_NONE or missing PTE; the slow path (FOLL_HONOR_NUMA_FAULT) calls
// handle_mm_fault(): a missing page is allocated (a THP where the VMA and policy allow), a PROT_NONE
// one takes a NUMA hinting fault (doNumaPage.ts). A present PTE: GUP simply succeeds. The SPTE is then
// installed as a 2M leaf where the host maps a huge page, else a 4K leaf.
import type { Sim } from './context';
import * as F from './facts';
import { afterNumaFault, doNumaPage } from './doNumaPage';
import type { Vcpu } from './vcpu';
import { markNxSplit } from './kvmMmuHugepageAdjust';
import { breakKsmCow } from './wpPageCopy';

/** Would a fault at g get a huge host mapping? hugetlbfs always; THP in the THP-eligible share of each GiB with an empty PMD. */
export function hostMapsHugeOnFault(sim: Sim, g: number): boolean {
  const b = sim.sc.guest.backing;
  if (b === 'hugetlbfs') return true;
  if (b !== 'thp') return false;
  if (!thpEligible(sim, g)) return false;
  const c = F.alignDown(g, F.PMD_PAGES);
  let empty = true;
  sim.store.forEach(c, c + F.PMD_PAGES, (_s, _e, f) => {
    if (F.pte(f) !== F.PTE_NONE) empty = false;
  });
  return empty;
}

/** Offset in each 1 GiB where THP-eligible memory starts: the last thp_fraction of every GiB gets THPs. */
export function thpStartInGiB(sim: Sim): number {
  const perGiB = Math.floor(sim.sc.guest.thp_fraction * (F.PUD_PAGES / F.PMD_PAGES));
  return F.PUD_PAGES - perGiB * F.PMD_PAGES;
}

/** THP-eligible 2 MiB regions: the last thp_fraction of every 1 GiB, 4 KiB before it (few runs; docs/simulation.md). */
export function thpEligible(sim: Sim, g: number): boolean {
  return g % F.PUD_PAGES >= thpStartInGiB(sim);
}

/**
 * Split the all-missing segment [s, e) into pieces that fault the same way (huge or not): partial 2 MiB
 * regions at the ends need the PMD-empty check; whole regions inside are empty by construction.
 */
export function splitByHugeOnFault(
  sim: Sim,
  s: number,
  e: number,
  cb: (a: number, b: number, huge: boolean) => void,
): void {
  const backing = sim.sc.guest.backing;
  if (backing !== 'thp' && backing !== 'hugetlbfs') return cb(s, e, false);
  const thpStart = thpStartInGiB(sim);
  for (let a = s; a < e;) {
    const chunkEnd = F.alignDown(a, F.PMD_PAGES) + F.PMD_PAGES;
    if (a % F.PMD_PAGES !== 0 || chunkEnd > e) {
      const pe = Math.min(e, chunkEnd);
      cb(a, pe, hostMapsHugeOnFault(sim, a));
      a = pe;
      continue;
    }
    const gib = F.alignDown(a, F.PUD_PAGES);
    const lim = Math.min(
      a < gib + thpStart ? gib + thpStart : gib + F.PUD_PAGES,
      F.alignDown(e, F.PMD_PAGES),
    );
    cb(a, lim, backing === 'hugetlbfs' || thpEligible(sim, a));
    a = lim;
  }
}

/** The node a newly allocated page lands on (first touch by the faulting vCPU, or the placement). */
export function allocNode(sim: Sim, g: number, cpuNode: number): number {
  const p = sim.sc.host.placement;
  if (p === 'node0') return 0;
  if (p === 'interleave') return Math.floor(g / F.PUD_PAGES) % sim.sc.host.numa_nodes;
  return cpuNode;
}

export function freshPage(sim: Sim, f: number, g: number, huge: boolean, cpuNode: number): number {
  let n = F.withPte(f, F.PTE_PRESENT);
  n = F.withHuge(n, huge);
  n = F.withNode(n, allocNode(sim, g, cpuNode));
  n = F.withPinned(n, false);
  n = F.withAnonExclusive(n, sim.sc.guest.backing === 'anon' || sim.sc.guest.backing === 'thp');
  return n;
}

export function kvmFaultinPfn(
  sim: Sim,
  v: Vcpu,
  s: number,
  e: number,
  huge: boolean,
  t: number,
  split = false,
): void {
  if (split) return faultinSplit(sim, v, s, e, t);
  faultinHost(sim, v, s, e, huge, t);
  const spte = huge ? F.SPTE_2M : F.SPTE_4K;
  sim.store.update(s, e, (f) => F.withSpte(f, F.isHuge(f) ? spte : F.SPTE_4K));
}

/** hva_to_pfn() → handle_mm_fault() for [s, e): allocation, or the NUMA hinting fault, per host entry. */
function faultinHost(sim: Sim, v: Vcpu, s: number, e: number, huge: boolean, t: number): void {
  const lane = `vcpu${v.index}` as const;
  breakKsmCow(sim, v, s, e, t); // a write to a KSM page: do_wp_page() -> wp_page_copy()
  let allocated = 0;
  const hinted: [number, number, number][] = [];
  sim.store.forEach(s, e, (ss, ee, f) => {
    if (F.pte(f) === F.PTE_PROT_NONE) hinted.push([ss, ee, f]);
    else if (F.pte(f) === F.PTE_NONE) allocated += ee - ss;
  });
  // do_numa_page() may migrate, and migration sends notifiers that read the store: after the walk
  for (const [ss, ee, f] of hinted) doNumaPage(sim, ss, ee, f, v.node, t, lane);
  sim.rssPages += allocated;
  sim.store.update(s, e, (f) => {
    if (F.pte(f) === F.PTE_PROT_NONE) return afterNumaFault(sim, f, v.node, t);
    if (F.pte(f) === F.PTE_NONE) return freshPage(sim, f, s, huge, v.node);
    return f;
  });
}

/**
 * A fault refused a huge SPTE (kvmMmuHugepageAdjust.ts) on host-huge pages [s, e): the host side is the
 * whole THP (a missing PMD is allocated huge, a PROT_NONE one takes one do_huge_pmd_numa_page()), KVM
 * installs 4K leaves for the touched pages only, under the region's nx_huge_page_disallowed page table.
 */
function faultinSplit(sim: Sim, v: Vcpu, s: number, e: number, t: number): void {
  const ra = F.alignDown(s, F.PMD_PAGES);
  const rb = F.alignUp(e, F.PMD_PAGES);
  faultinHost(sim, v, ra, rb, true, t);
  for (let c = ra; c < rb; c += F.PMD_PAGES) markNxSplit(sim, c);
  sim.store.update(s, e, (f) => F.withSpte(f, F.SPTE_4K));
}
