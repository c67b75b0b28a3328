// arch/x86/kvm/mmu/tdp_mmu.c: tdp_mmu_zap_leafs()
// Clears the leaf SPTEs of [a, b) in gfn order with mmu_lock held for write, yielding (and flushing
// first) whenever a vCPU waits for the lock (tdpMmuIterCondResched.ts). RFC v1's skip_pinned leaves
// anon-exclusive maybe-DMA-pinned leaves in place.
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import * as F from './facts';
import { folioMaybeDmaPinned, folioTestAnon } from './folio';
import { tdpMmuIterCondResched, type Requester } from './tdpMmuIterCondResched';
import { vcpuFirstRequest, walkerCost, type SkipLeaf } from './vcpuFaultDuringZap';
import { vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import { FN } from './causes';
import { rwlockNeedbreakLive } from './rwlockNeedbreak';
import { reschedSliceRetries, staleRetryCycleNs } from './reschedSlice';

export interface ZapResult {
  tEnd: number;
  /** Something was zapped since the last flush: the caller (flush_on_ret) flushes. */
  flushPending: boolean;
}

export function tdpMmuZapLeafs(
  sim: Sim,
  a: number,
  b: number,
  t: number,
  cause: Cause,
  chain: SourceRef[],
  skipPinned: boolean,
): ZapResult {
  const skip: SkipLeaf = skipPinned
    ? (f) => folioTestAnon(sim) && F.isAnonExclusive(f) && folioMaybeDmaPinned(sim, f, t)
    : () => false;
  let n4 = 0;
  let n2 = 0;
  let work = 0;
  sim.store.forEach(a, b, (s, e, f) => {
    work += walkerCost(sim, f, s, e);
    const sp = F.spte(f);
    if (sp === F.SPTE_ABSENT || skip(f)) return;
    if (sp === F.SPTE_4K) n4 += e - s;
    else n2 += F.chunkStarts(s, e);
  });
  const zaps = n4 + n2 > 0;
  const inGuest = vcpusInGuestMode(sim, t);
  const reqs: Requester[] = [];
  const lockless: { vcpu: number; t: number }[] = [];
  const blocked: { vcpu: number; t: number }[] = [];
  const needbreak = rwlockNeedbreakLive(sim);
  if (zaps) {
    for (const v of sim.vcpus) {
      if (v.index === sim.currentVcpu) continue; // this thread runs the zap: not in the guest
      const r = vcpuFirstRequest(sim, v, a, b, t, work, skip);
      if (!r) continue;
      if (r.stale && sim.rules.faultRetryBeforeLock) lockless.push({ vcpu: v.index, t: r.t });
      else if (!needbreak) {
        // rwlock_needbreak() is 0: the waiter blocks on mmu_lock until the walk ends; a stale one
        // then retries through the lock until invalidate_range_end.
        if (r.stale) blocked.push({ vcpu: v.index, t: r.t });
      } else
        reqs.push({
          vcpu: v.index,
          tNext: r.t,
          retrying: r.stale,
          period: r.stale ? staleRetryCycleNs(sim) : Math.max(r.intervalNs, staleRetryCycleNs(sim)),
          remaining: r.stale ? Infinity : r.absentAhead,
          served: 0,
          lastServed: r.t,
        });
    }
  }
  const minStep = n4 > 0 ? sim.cost.spte_zap_4k_ns : sim.cost.spte_zap_2m_ns;
  const y = tdpMmuIterCondResched(sim, t, work, minStep, reqs, n4 + n2, inGuest);
  sim.store.update(a, b, (f) => (F.spte(f) !== F.SPTE_ABSENT && !skip(f) ? F.withSpte(f, F.SPTE_ABSENT) : f));
  count(sim, cause, 'sptes_zapped_4k', n4);
  count(sim, cause, 'sptes_zapped_2m', n2);
  spend(sim, 'spte_zap', work);
  count(sim, cause, 'remote_tlb_flush_requests', y.yieldFlushes);
  count(sim, cause, 'remote_tlb_flush', y.flushesWithGuests);
  count(sim, cause, 'tlb_flush_ipis', y.ipis);
  spend(sim, 'remote_tlb_flush', y.yieldFlushes * sim.cost.remote_tlb_flush_ns);
  spend(sim, 'ipi', y.ipis * sim.cost.ipi_ns);
  const zchain = [...chain, FN.kvmUnmapGfnRange, FN.tdpMmuZapLeafs];
  if (zaps)
    sim.rec.event(t, 'spte', 'spte_zap', a, b, zchain, {
      dur: y.tEnd - t,
      count: n4 + n2,
      detail: `${n4} x 4K, ${n2} x 2M leaves`,
    });
  if (y.yieldFlushes > 0)
    sim.rec.event(
      t,
      'spte',
      'yield_flush',
      a,
      b,
      [...zchain, FN.tdpMmuIterCondResched, FN.kvmFlushRemoteTlbs],
      {
        dur: y.tEnd - t,
        count: y.yieldFlushes,
        detail: `${y.yields} yields to ${reqs.length} waiting vCPU(s)`,
      },
    );
  // Stale faults that took mmu_lock: each time they got it was one EPT violation that retried.
  for (const r of reqs) {
    if (!r.retrying) continue;
    count(sim, cause, 'fault_retries', r.served);
    count(sim, cause, 'ept_violations', r.served);
    spend(sim, 'fault_retry', r.served * sim.cost.retry_cycle_ns);
    spend(sim, 'vm_exit', r.served * sim.cost.vm_exit_ns);
    sim.kvm.stuck.push({ vcpu: r.vcpu, since: r.lastServed, viaLock: true });
  }
  // need_resched() yields hand the CPU to a vCPU the operation's thread preempted: its slice of retries
  if (zaps) reschedSliceRetries(sim, a, b, t, y.tEnd, cause, zchain);
  for (const l of lockless) sim.kvm.stuck.push({ vcpu: l.vcpu, since: l.t, viaLock: false });
  for (const bl of blocked)
    sim.kvm.stuck.push({ vcpu: bl.vcpu, since: Math.max(bl.t, y.tEnd), viaLock: true });
  return { tEnd: y.tEnd, flushPending: zaps };
}
