// arch/x86/kvm/mmu/tdp_mmu.c: tdp_mmu_iter_cond_resched()
// While tdp_mmu_zap_leafs() holds mmu_lock for write, a vCPU fault waiting for the lock (read) makes
// rwlock_needbreak() true; after at least one step of forward progress the walker flushes remote TLBs
// if it zapped anything since the last flush, then yields. Waiting readers run (fault_service_ns); a
// stale fault (its gfn is in the range being invalidated) drops the lock, re-enters the guest, faults
// again and is back at the lock retry_cycle_ns later — so flushes follow the vCPUs' retry rhythm. A fresh
// fault elsewhere (first touch) installs its SPTE and the vCPU faults again at its next absent page.
// A yield flushes only if leaves were zapped since the last flush: at most one flush per leaf zapped
// (the flush_on_ret flush after the walk takes the last one). need_resched() points (rwlockNeedbreak.ts)
// add yields of their own.
import type { Sim } from './context';
import { needReschedPoints } from './rwlockNeedbreak';

export interface Requester {
  vcpu: number;
  /** Next time this vCPU asks for mmu_lock (read), ns; Infinity when it will not ask again. */
  tNext: number;
  /** A stale fault that keeps retrying through the lock until the invalidation ends. */
  retrying: boolean;
  /** ns from leaving the lock to asking again. */
  period: number;
  /** Lock requests still to come (Infinity for a retrying fault; a fresh fault: its run of absent pages). */
  remaining: number;
  /** Times it got the lock during the zap. */
  served: number;
  /** Time it last left the lock. */
  lastServed: number;
}

export interface YieldOutcome {
  tEnd: number;
  yields: number;
  /** Yields that found something zapped since the last flush (capped by the leaves zapped). */
  yieldFlushes: number;
  /** Sum over yield flushes of the vCPUs in guest mode at that flush (for IPIs / remote_tlb_flush). */
  flushesWithGuests: number;
  ipis: number;
}

/**
 * Run the walker's `workNs` of zapping from tz with the given lock requesters.
 * `inGuestBase` vCPUs run guest code during the zap; waiting requesters are in host mode.
 */
export function tdpMmuIterCondResched(
  sim: Sim,
  tz: number,
  workNs: number,
  minStepNs: number,
  reqs: Requester[],
  zappedEntries: number,
  inGuestBase: number,
): YieldOutcome {
  const c = sim.cost;
  const out: YieldOutcome = { tEnd: tz, yields: 0, yieldFlushes: 0, flushesWithGuests: 0, ipis: 0 };
  let t = tz;
  let work = workNs;
  let flushBudget = zappedEntries;
  const flushAt = (waiting: number, want: number): void => {
    const times = Math.min(want, Math.max(0, flushBudget - 1));
    if (times <= 0) return;
    flushBudget -= times;
    const guest = Math.max(0, inGuestBase - waiting);
    out.yieldFlushes += times;
    if (guest > 0) {
      out.flushesWithGuests += times;
      out.ipis += times * guest;
    }
    t += times * c.remote_tlb_flush_ns;
  };
  for (;;) {
    let tn = Infinity;
    for (const r of reqs) tn = Math.min(tn, r.tNext);
    const step = tn === Infinity ? Infinity : Math.max(tn - t, minStepNs);
    if (step >= work) {
      t += work;
      break;
    }
    t += step;
    work -= step;
    // rwlock_needbreak(): flush (if anything was zapped since the last flush), then release; every
    // reader queued by then - or arriving while the readers hold the lock - gets in together.
    let waiting = 0;
    for (const r of reqs) if (r.tNext <= t) waiting++;
    out.yields++;
    flushAt(waiting, 1);
    const release = t + c.fault_service_ns;
    t = release;
    for (const r of reqs) {
      if (r.tNext > release) continue;
      r.served++;
      r.remaining--;
      r.lastServed = t;
      r.tNext = r.remaining > 0 ? t + r.period : Infinity;
    }
    // Steady state: every live requester was just served, all with one period: jump m yields at once.
    let live = 0;
    let period = -1;
    let steady = true;
    let m = Infinity;
    for (const r of reqs) {
      if (r.tNext === Infinity) continue;
      live++;
      if (r.lastServed !== t || (period >= 0 && r.period !== period)) steady = false;
      period = r.period;
      m = Math.min(m, r.remaining - 1);
    }
    if (live > 0 && steady) {
      const p = Math.max(period, minStepNs);
      m = Math.min(m, Math.ceil(work / p) - 1);
      if (m > 0) {
        out.yields += m;
        t += m * p;
        flushAt(live, m);
        t += m * c.fault_service_ns;
        work -= m * p;
        for (const r of reqs) {
          if (r.tNext === Infinity) continue;
          r.served += m;
          r.remaining -= m;
          r.lastServed = t;
          r.tNext = t + r.period;
        }
      }
    }
  }
  // need_resched(): the walker also yields at the scheduler's points, lock waiters or not (one
  // yield stands in for both when they coincide); each flushes first if a leaf was zapped since.
  const resched = needReschedPoints(sim, tz, t) - out.yields;
  if (resched > 0) {
    out.yields += resched;
    flushAt(0, resched);
  }
  out.tEnd = t;
  return out;
}
