// arch/x86/kvm/mmu/mmu.c: kvm_tdp_page_fault() — a vCPU touched guest pages [a, b): every page without
// a leaf SPTE is an EPT violation (one per 2 MiB region where the host maps, or will map, a huge page,
// unless kvm_mmu_hugepage_adjust() / disallowed_hugepage_adjust() refuse the huge SPTE there under
// kvm.nx_huge_pages: then one per 4 KiB page, kvmMmuHugepageAdjust.ts). kvm_faultin_pfn() gets the pfn
// (kvmFaultinPfn.ts), then the SPTE is installed at the host mapping level or 4K where refused.
// Contract check: never install while the range is being invalidated.
import type { Sim } from './context';
import { count, spend } from './context';
import * as F from './facts';
import { kvmFaultinPfn, splitByHugeOnFault } from './kvmFaultinPfn';
import { violation } from './contractChecks';
import type { Vcpu } from './vcpu';
import { FN } from './causes';
import { hugePageDisallowed } from './kvmMmuHugepageAdjust';
import { hugeSpteOverPt } from './hugeSpteOverPt';

interface FaultRange {
  s: number;
  e: number;
  /** The host maps (or will map) the region with a THP / hugetlb page. */
  huge: boolean;
  /** Host huge, but the huge SPTE is disallowed (nx_huge_page_disallowed): 4K leaves, one fault per page. */
  split: boolean;
}

const CHAIN = [FN.kvmTdpPageFault];

function push(list: FaultRange[], s: number, e: number, huge: boolean, split = false): void {
  const last = list[list.length - 1];
  if (last && last.huge === huge && last.split === split && s <= last.e) last.e = Math.max(last.e, e);
  else list.push({ s, e, huge, split });
}

/** A fault on the host-huge pages [s, e) with facts f: one per 2 MiB region, or per page where refused. */
function pushHuge(sim: Sim, list: FaultRange[], s: number, e: number, f: number): void {
  if (hugePageDisallowed(sim, f)) push(list, s, e, true, true);
  else push(list, F.alignDown(s, F.PMD_PAGES), F.alignUp(e, F.PMD_PAGES), true);
}

export function kvmTdpPageFault(sim: Sim, v: Vcpu, a: number, b: number, t: number): void {
  const faults: FaultRange[] = [];
  sim.store.forEach(a, b, (s, e, f) => {
    if (F.spte(f) !== F.SPTE_ABSENT) return;
    if (F.isHuge(f)) pushHuge(sim, faults, s, e, f);
    else if (F.pte(f) !== F.PTE_NONE) push(faults, s, e, false);
    else
      splitByHugeOnFault(sim, s, e, (a, b, huge) =>
        huge ? pushHuge(sim, faults, a, b, f) : push(faults, a, b, false),
      );
  });
  const lane = `vcpu${v.index}` as const;
  const k = sim.kvm;
  const prev = sim.currentVcpu;
  sim.currentVcpu = v.index; // this vCPU's thread handles its own EPT violations, out of the guest
  for (const fr of faults) {
    const perRegion = fr.huge && !fr.split;
    const n = perRegion ? F.chunkStarts(fr.s, fr.e) : fr.e - fr.s;
    const unit = perRegion ? F.PMD_PAGES : 1;
    count(sim, 'guest_fault', 'ept_violations', n);
    spend(sim, 'vm_exit', n * (sim.cost.vm_exit_ns + sim.cost.fault_service_ns));
    sim.rec.guest(t, lane, 'ept_violation', fr.s, fr.e, CHAIN, n, undefined, unit);
    if (k.inProgress > 0 && fr.s < k.rangeEnd && fr.e > k.rangeStart)
      violation(
        sim,
        'spte_installed_during_invalidate',
        t,
        fr.s,
        fr.e,
        'kvm_tdp_page_fault',
        'SPTE installed while its range is being invalidated',
      );
    kvmFaultinPfn(sim, v, fr.s, fr.e, fr.huge, t, fr.split);
    if (perRegion) hugeSpteOverPt(sim, fr.s, fr.e, t, 'guest_fault', CHAIN); // a 2M leaf over an emptied 4K table
    if (!sim.rec.aggregated) sim.rec.guest(t, lane, 'spte_install', fr.s, fr.e, CHAIN, n, undefined, unit);
  }
  sim.currentVcpu = prev;
}
