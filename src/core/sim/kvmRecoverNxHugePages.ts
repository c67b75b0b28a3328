// arch/x86/kvm/mmu/mmu.c: kvm_nx_huge_page_recovery_worker() → kvm_recover_nx_huge_pages()
// (6.1: kvm_nx_lpage_recovery_worker() → kvm_recover_nx_lpages()). A per-VM worker wakes every
// recovery period — calc_nx_huge_pages_recovery_period(): nx_huge_pages_recovery_period_ms, or
// 60 min / ratio when that is 0 (60 s at the default ratio 60) — counted from VM creation
// (kvm_mmu_post_init_vm() starts it), and zaps DIV_ROUND_UP(nx_lpage_splits, ratio) of the tracked
// nx_huge_page_disallowed page tables, oldest first (kvm_tdp_mmu_zap_sp(): the page table and its 4K
// leaves), then flushes remote TLBs once if it zapped anything (kvm_mmu_remote_flush_or_zap()). The next
// fault there may map 2 MiB again — unless the guest executes from the region, which splits it again.
// Left out: the worker's own yields under mmu_lock contention (it zaps few page tables per run).
import type { Sim } from './context';
import { count, spend } from './context';
import * as F from './facts';
import { nxHugePagesEnabled } from './kvmMmuHugepageAdjust';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import { FN } from './causes';
import { dropEmptyPt4k } from './hugeSpteOverPt';

const CHAIN = [FN.kvmRecoverNxHugePages];

/** calc_nx_huge_pages_recovery_period(): the worker's period in ns, or 0 when recovery is off. */
export function nxRecoveryPeriodNs(sim: Sim): number {
  const k = sim.sc.kvm;
  if (!nxHugePagesEnabled(sim) || k.nx_recovery_ratio <= 0) return 0;
  const ms =
    k.nx_recovery_period_ms > 0
      ? k.nx_recovery_period_ms
      : (60 * 60 * 1000) / Math.min(k.nx_recovery_ratio, 3600);
  return Math.round(ms * 1e6);
}

/** One run of the worker at time t. Returns how many page tables it zapped. */
export function kvmRecoverNxHugePages(sim: Sim, t: number): number {
  if (sim.released) return 0;
  const toZap = Math.ceil(sim.nxSplits.length / sim.sc.kvm.nx_recovery_ratio);
  const taken = sim.nxSplits.splice(0, toZap);
  let leaves = 0;
  for (const c of taken) {
    sim.store.forEach(c, c + F.PMD_PAGES, (s, e, f) => {
      if (F.spte(f) === F.SPTE_4K) leaves += e - s;
    });
    sim.store.update(c, c + F.PMD_PAGES, (f) => F.withNxSplit(F.withSpte(f, F.SPTE_ABSENT), false));
    dropEmptyPt4k(sim, c);
  }
  if (taken.length === 0) return 0;
  count(sim, 'nx_recovery', 'sptes_zapped_4k', leaves);
  spend(sim, 'spte_zap', leaves * sim.cost.spte_zap_4k_ns);
  const prev = sim.currentVcpu;
  sim.currentVcpu = -1; // a kernel thread of the VMM, not a vCPU
  if (leaves > 0) kvmFlushRemoteTlbs(sim, t, 'nx_recovery', 1, vcpusInGuestMode(sim, t), CHAIN);
  sim.currentVcpu = prev;
  sim.rec.event(t, 'spte', 'spte_zap', taken[0], taken[taken.length - 1] + F.PMD_PAGES, CHAIN, {
    dur: 0,
    count: leaves,
    detail: `${taken.length} nx_huge_page_disallowed page table(s) zapped, ${leaves} x 4K leaves`,
  });
  return taken.length;
}
