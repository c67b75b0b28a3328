// rwlock_needbreak(): include/linux/sched.h (6.1) / include/linux/spinlock.h (6.12), and need_resched().
// tdp_mmu_iter_cond_resched() yields mmu_lock on `need_resched() || rwlock_needbreak(&kvm->mmu_lock)`.
// 6.1 (up to 6.9): rwlock_needbreak() is rwlock_is_contended() whenever CONFIG_PREEMPTION is set; a
// PREEMPT_DYNAMIC build selects PREEMPT_BUILD -> PREEMPTION, so every boot mode (none, voluntary, full)
// of a distribution kernel yields to a waiting vCPU. 6.10+ ("Drop spinlocks on contention iff kernel is
// preemptible"): only preempt_model_preemptible(), i.e. preempt=full (or RT). need_resched() is set
// when another task wants the CPU, independently of the lock: host.resched_ms models how often.
import type { Sim } from './context';
import { aloneOnItsCpu } from './vcpuLoops';

/** Does a vCPU waiting for mmu_lock make the zap walker yield? */
export function rwlockNeedbreakLive(sim: Sim): boolean {
  const h = sim.sc.host;
  if (sim.rules.rwlockNeedbreak === 'config_preemption') return h.preempt_dynamic || h.preempt === 'full';
  return h.preempt === 'full';
}

/**
 * need_resched() points while the walker runs [t0, t1): how many (at most one per host.resched_ms).
 * resched_curr() sets it only for another task on the zapper's runqueue: the VMM thread running an
 * operation has one (the vCPU it preempted); task_numa_work() on a vCPU thread has one only where that
 * thread shares its CPU (vcpuLoops.ts aloneOnItsCpu()).
 */
export function needReschedPoints(sim: Sim, t0: number, t1: number): number {
  const ms = sim.sc.host.resched_ms;
  if (ms <= 0 || t1 <= t0) return 0;
  if (sim.currentVcpu >= 0 && aloneOnItsCpu(sim.sc, sim.vcpus[sim.currentVcpu])) return 0;
  const p = Math.round(ms * 1e6);
  return Math.floor(t1 / p) - Math.floor(t0 / p);
}
