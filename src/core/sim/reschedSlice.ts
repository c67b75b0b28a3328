// kernel/sched/core.c: __cond_resched_rwlock_write() -> _cond_resched() -> preempt_schedule_common(), as
// tdp_mmu_iter_cond_resched() (arch/x86/kvm/mmu/tdp_mmu.c) calls it when need_resched() is set: the
// zapping thread drops mmu_lock and gives up its CPU. The task the scheduler picks is the one that set
// need_resched(): a vCPU thread sharing that CPU, preempted by the thread running the operation (the
// oracle harness's toucher and its VMM main thread, both pinned to CPU 0). That vCPU re-enters the guest
// and runs for one scheduler slice (CFS sched_slice() on 6.1, EEVDF's slice on 6.12): two runnable
// tasks of equal weight get equal slices, so its slice is as long as the zapper's, host.resched_ms.
// Its sweep reaches the range being invalidated — it waits behind the operation: in collapse_huge_page()
// (mm/khugepaged.c) a fault on the region hva_to_pfn_slow() -> mmap_read_lock() sleeps until the
// collapse drops mmap_lock, so the toucher and MADV_COLLAPSE walk the region together — and faults on
// a page the walker has already zapped: mmu_invalidate_in_progress covers it, so the fault is stale and
// retries (6.1: is_page_fault_stale() -> mmu_invalidate_retry_hva() under mmu_lock, after
// kvm_faultin_pfn() took the pfn; 6.12: kvm_faultin_pfn()'s mmu_invalidate_retry_gfn_unsafe() before
// the pfn and the lock) until the slice ends and the zapper gets the CPU back. Every retry is an EPT
// violation (pf_taken, kvm_page_fault). The zap's own clock is not stretched by the slices: need_resched()
// points are counted in zap time (host.resched_ms).
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import { FN } from './causes';
import { needReschedPoints } from './rwlockNeedbreak';
import { activeUntil, type Vcpu } from './vcpu';

/**
 * ns from a stale fault leaving KVM to its vCPU asking again, wherever it retries (during a zap, in a
 * need_resched() slice, until invalidate_range_end()): the retry cycle (VM exit, kvm_tdp_page_fault() up
 * to is_page_fault_stale() (arch/x86/kvm/mmu/mmu.c), re-entry, the next touch) plus
 * workload.nested_exit_ns for the world switch when the guest is nested under an emulator (the TCG
 * harness: QEMU emulates each nested #VMEXIT/VMRUN).
 */
export function staleRetryCycleNs(sim: Sim): number {
  return sim.cost.retry_cycle_ns + sim.sc.workload.nested_exit_ns;
}

/**
 * ns one stale-fault retry takes a vCPU on the zapper's CPU: staleRetryCycleNs(), on 6.1 also
 * kvm_faultin_pfn() and mmu_lock before is_page_fault_stale() (fault_service_ns).
 */
export function sliceRetryPeriodNs(sim: Sim): number {
  // 6.12 retries before __kvm_faultin_pfn() and mmu_lock; 6.1 gets the pfn and takes the lock first
  return staleRetryCycleNs(sim) + (sim.rules.faultRetryBeforeLock ? 0 : sim.cost.fault_service_ns);
}

/** A vCPU the operation's thread has preempted at t, whose sweep covers part of [a, b). */
function preemptedOnZapperCpu(sim: Sim, v: Vcpu, a: number, b: number, t: number): boolean {
  if (!v.sharesOpCpu || v.index === sim.currentVcpu || activeUntil(v, t) >= 0) return false;
  return v.run.some((s) => s.a < b && s.b > a);
}

/**
 * The zap of [a, b) ran from t to tEnd with need_resched() points in it: each gives every vCPU preempted
 * on the zapper's CPU one slice of stale-fault retries on the range.
 */
export function reschedSliceRetries(
  sim: Sim,
  a: number,
  b: number,
  t: number,
  tEnd: number,
  cause: Cause,
  chain: SourceRef[],
): void {
  if (sim.currentVcpu >= 0) return; // a vCPU's own thread zaps (task_numa_work): no VMM thread to yield to
  const slices = needReschedPoints(sim, t, tEnd);
  if (slices <= 0) return;
  const sliceNs = Math.round(sim.sc.host.resched_ms * 1e6);
  const per = Math.floor(sliceNs / sliceRetryPeriodNs(sim));
  if (per <= 0) return;
  for (const v of sim.vcpus) {
    if (!preemptedOnZapperCpu(sim, v, a, b, t)) continue;
    const n = slices * per;
    count(sim, cause, 'fault_retries', n);
    count(sim, cause, 'ept_violations', n);
    spend(sim, 'fault_retry', n * sim.cost.retry_cycle_ns);
    spend(sim, 'vm_exit', n * sim.cost.vm_exit_ns);
    sim.rec.guest(
      t,
      `vcpu${v.index}`,
      'fault_retry',
      a,
      b,
      [...chain, FN.tdpMmuIterCondResched, FN.kvmTdpPageFault, FN.kvmFaultinPfn],
      n,
      `${slices} need_resched() slice(s) on the zapper's CPU, stale faults retrying`,
    );
  }
}
