// virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start(), kvm_mmu_notifier_invalidate_range_end(),
// and RFC v2's kvm_mmu_notifier_numa_protect() (patch 5).
// start: tracepoint kvm_unmap_hva_range, mmu_invalidate_in_progress++, then kvm_unmap_gfn_range() for the
// overlapping memslot and a flush if anything was zapped (flush_on_ret). end: in_progress--, seq++; the
// vCPUs stuck retrying on the range go back to the guest.
import { count, spend, type Sim } from './context';
import type { NotifierRange } from './mmuNotifier';
import { tdpMmuZapLeafs } from './tdpMmuZapLeafs';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import * as F from './facts';
import { FN } from './causes';
import { memslotCalls } from './kvmHandleHvaRange';
import { staleRetryCycleNs } from './reschedSlice';

export function kvmMmuNotifierInvalidateRangeStart(sim: Sim, r: NotifierRange, t: number): number {
  const k = sim.kvm;
  count(sim, r.cause, 'kvm_unmap_hva_range', 1);
  if (k.inProgress === 0) {
    k.rangeStart = r.start;
    k.rangeEnd = r.end;
  } else {
    k.rangeStart = Math.min(k.rangeStart, r.start);
    k.rangeEnd = Math.max(k.rangeEnd, r.end);
  }
  k.inProgress++;
  k.numaFlagged = r.numa;
  if (r.numa && sim.rules.kvmDeferNumaZap) return t; // RFC v2 5/5: wait for .numa_protect
  return kvmUnmapGfnRange(sim, r, t);
}

/**
 * kvm_mmu_notifier_invalidate_range_start() for a range of the mm that no memslot overlaps (the VMM's
 * own memory; 6.1 and 6.12 alike): the kvm_unmap_hva_range tracepoint fires before the memslot lookup;
 * __kvm_handle_hva_range() then finds no memslot, so neither on_lock (kvm_mmu_invalidate_begin(): no
 * mmu_invalidate_in_progress) nor kvm_unmap_gfn_range() runs, and the end handler finds none either.
 */
export function kvmMmuNotifierNoMemslot(sim: Sim, r: Pick<NotifierRange, 'cause'>): void {
  count(sim, r.cause, 'kvm_unmap_hva_range', 1);
}

/**
 * arch/x86/kvm/mmu/mmu.c: kvm_unmap_gfn_range() -> kvm_tdp_mmu_unmap_gfn_range(), called by
 * __kvm_handle_hva_range() per overlapping memslot per address space (kvmHandleHvaRange.ts); the SMM
 * root has nothing to zap, the normal one is walked once over the range; one flush after all slots.
 */
export function kvmUnmapGfnRange(sim: Sim, r: NotifierRange, t: number): number {
  count(sim, r.cause, 'kvm_unmap_gfn_range', memslotCalls(sim, r.start, r.end));
  const skipPinned = sim.rules.kvmSkipPinnedGuess && r.numa && r.event === 'PROTECTION_VMA' && sim.hasPinned;
  const chain = [...r.chain, FN.kvmStart];
  const z = tdpMmuZapLeafs(sim, r.start, r.end, t, r.cause, chain, skipPinned);
  let tEnd = z.tEnd;
  if (z.flushPending) tEnd += kvmFlushRemoteTlbs(sim, tEnd, r.cause, 1, vcpusInGuestMode(sim, tEnd), chain);
  return tEnd;
}

export function kvmMmuNotifierInvalidateRangeEnd(sim: Sim, r: NotifierRange, t: number): void {
  const k = sim.kvm;
  k.seq++;
  k.inProgress = Math.max(0, k.inProgress - 1);
  if (k.inProgress > 0) return;
  k.numaFlagged = false;
  const c = sim.cost;
  for (const s of k.stuck) {
    const period = s.viaLock ? staleRetryCycleNs(sim) + c.fault_service_ns : staleRetryCycleNs(sim);
    const n = Math.max(s.viaLock ? 0 : 1, Math.floor((t - s.since) / period));
    count(sim, r.cause, 'fault_retries', n);
    count(sim, r.cause, 'ept_violations', n);
    spend(sim, 'fault_retry', n * c.retry_cycle_ns);
    spend(sim, 'vm_exit', n * c.vm_exit_ns);
    sim.rec.guest(
      s.since,
      `vcpu${s.vcpu}`,
      'fault_retry',
      r.start,
      r.end,
      [...r.chain, FN.kvmTdpPageFault, FN.kvmFaultinPfn],
      n,
      'fault on a range being invalidated',
    );
  }
  k.stuck = [];
}

/**
 * RFC v2 5/5: kvm_mmu_notifier_numa_protect() for entries made PROT_NONE in [s, e): each call zaps that
 * page's (or PMD's) SPTE and, if it zapped anything, flushes remote TLBs at once — no batching.
 */
export function kvmMmuNotifierNumaProtect(
  sim: Sim,
  r: NotifierRange,
  s: number,
  e: number,
  facts: number,
  calls: number,
  t: number,
): number {
  if (!sim.rules.kvmDeferNumaZap) return 0;
  count(sim, r.cause, 'kvm_unmap_gfn_range', calls * memslotCalls(sim, s, e));
  if (F.isHuge(facts) && F.isNxSplit(facts)) return numaProtectNxSplitPmds(sim, r, s, e, t);
  const sp = F.spte(facts);
  if (sp === F.SPTE_ABSENT) return 0;
  const zapped = sp === F.SPTE_4K ? e - s : F.chunkStarts(s, e);
  count(sim, r.cause, sp === F.SPTE_4K ? 'sptes_zapped_4k' : 'sptes_zapped_2m', zapped);
  const zapNs = sp === F.SPTE_4K ? sim.cost.spte_zap_4k_ns : sim.cost.spte_zap_2m_ns;
  spend(sim, 'spte_zap', zapped * zapNs);
  sim.store.update(s, e, (f) => F.withSpte(f, F.SPTE_ABSENT));
  const chain = [...r.chain, FN.numaProtect, FN.kvmNumaProtect];
  const flushNs = kvmFlushRemoteTlbs(sim, t, r.cause, zapped, vcpusInGuestMode(sim, t), chain);
  return zapped * (zapNs + flushNs);
}

/**
 * kvm_mmu_notifier_numa_protect() for huge PMDs whose 2 MiB region KVM maps with 4K leaves under an
 * nx_huge_page_disallowed page table (kvmMmuHugepageAdjust.ts): one call per PMD starting in [s, e)
 * zaps every leaf of its region and flushes once if it zapped any. kvm_handle_hva_range() runs the
 * handler with may_block = false (the caller holds the PMD lock), so tdp_mmu_zap_leafs() cannot yield:
 * no contention flushes. The store is read, not the caller's facts: an earlier call may have zapped.
 */
function numaProtectNxSplitPmds(sim: Sim, r: NotifierRange, s: number, e: number, t: number): number {
  let z4 = 0;
  let z2 = 0;
  let flushes = 0;
  for (let c = F.alignUp(s, F.PMD_PAGES); c < e; c += F.PMD_PAGES) {
    let n4 = 0;
    let n2 = 0;
    sim.store.forEach(c, c + F.PMD_PAGES, (ss, ee, f) => {
      if (F.spte(f) === F.SPTE_4K) n4 += ee - ss;
      else if (F.spte(f) === F.SPTE_2M) n2 += F.chunkStarts(ss, ee);
    });
    if (n4 + n2 === 0) continue;
    z4 += n4;
    z2 += n2;
    flushes++;
    sim.store.update(c, c + F.PMD_PAGES, (f) => F.withSpte(f, F.SPTE_ABSENT));
  }
  count(sim, r.cause, 'sptes_zapped_4k', z4);
  count(sim, r.cause, 'sptes_zapped_2m', z2);
  const zapNs = z4 * sim.cost.spte_zap_4k_ns + z2 * sim.cost.spte_zap_2m_ns;
  spend(sim, 'spte_zap', zapNs);
  const chain = [...r.chain, FN.numaProtect, FN.kvmNumaProtect];
  const flushNs = kvmFlushRemoteTlbs(sim, t, r.cause, flushes, vcpusInGuestMode(sim, t), chain);
  return zapNs + flushes * flushNs;
}
