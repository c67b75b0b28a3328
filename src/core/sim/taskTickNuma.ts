// kernel/sched/fair.c: init_numa_balancing() and task_tick_numa() — which VMM thread runs
// task_numa_work(), and when.
// Every vCPU thread is cloned from the VMM: init_numa_balancing() gives it numa_scan_period =
// numa_balancing_scan_delay_ms and node_stamp = ~2 ticks (the clone stagger); the mm's numa_next_scan
// starts scan_delay after exec. At each scheduler tick the interrupted thread checks its own runtime
// (se.sum_exec_runtime: guest time counts, a halted vCPU accumulates none): once it passes node_stamp +
// period, node_stamp advances one period and, if jiffies >= mm->numa_next_scan, task_numa_work is queued
// on *that* thread with TWA_RESUME. For a vCPU in KVM_RUN it runs from xfer_to_guest_mode_work() ->
// resume_user_mode_work() (kernel/entry/kvm.c) before re-entering the guest, so the scan and its zaps
// run on a vCPU that is out of the guest. Ticks are not modelled one by one: a thread's crossings that
// find numa_next_scan still ahead change only node_stamp, so they are applied lazily (in closed form)
// when the next scan is planned; the 4 ms tick grid itself is ignored (periods are ~1 s). A tick is
// checked against the period the thread has when it comes (update_task_scan_period() may have
// lengthened it since the tick was planned). NUMA balancing switched on late in the VMM's life
// (numa_balancing.enabled_after_s: the sysctl off, task_tick_numa() never ran) finds every thread's
// runtime that far past its node_stamp and the mm's first-scan time passed. Two threads crossing at the
// same model time: the one alone on its CPU wins (a workload.vcpu_loops thread without
// off_during_ops_ms), since the one sharing CPU 0 with the VMM's main thread has lost runtime to it.
import type { Scenario } from '../scenario/types';
import type { NumaTask, Sim } from './context';
import { activeTime, timeAtActive } from './vcpu';
import { aloneOnItsCpu } from './vcpuLoops';

/** TICK_NSEC at HZ=250 (Debian's CONFIG_HZ). */
export const TICK_NS = 4_000_000;

/** init_numa_balancing() for each cloned vCPU thread. */
export function initNumaTasks(sim: Sim): NumaTask[] {
  const ranNs = Math.round(sim.sc.numa_balancing.enabled_after_s * 1e9);
  return sim.vcpus.map(() => ({
    periodMs: sim.sc.numa_balancing.scan_delay_ms,
    // runtime is counted from the scenario's start: a thread that already ran ranNs is that far ahead
    nodeStampNs: 2 * TICK_NS - ranNs,
    scanSeq: 0,
    remote: 0,
    local: 0,
    failed: 0,
  }));
}

/**
 * The next task_tick_numa() that queues task_numa_work, at or after `from`: which vCPU thread and when.
 * Crossings before mm->numa_next_scan only advance node_stamp (applied here).
 */
export function nextNumaWork(sim: Sim, from: number): { t: number; vcpu: number } | null {
  const T = Math.max(from, sim.numa.nextScanNs);
  let best: { t: number; vcpu: number } | null = null;
  for (const v of sim.vcpus) {
    const task = sim.numa.tasks[v.index];
    const P = Math.max(1, Math.round(task.periodMs * 1e6));
    // crossings strictly before T (runtime passed node_stamp + period while numa_next_scan was ahead)
    const rt = activeTime(v, T - 1);
    if (rt > task.nodeStampNs + P) task.nodeStampNs += (Math.ceil((rt - task.nodeStampNs) / P) - 1) * P;
    const t = Math.max(T, timeAtActive(v, task.nodeStampNs + P + 1));
    if (t === Infinity) continue;
    if (
      !best ||
      t < best.t ||
      (t === best.t && aloneOnItsCpu(sim.sc, v) && !aloneOnItsCpu(sim.sc, sim.vcpus[best.vcpu]))
    )
      best = { t, vcpu: v.index };
  }
  return best;
}

/** mm->numa_next_scan at the scenario's start: scan_delay after exec, less the time NB was off. */
export function firstScanNs(sc: Scenario): number {
  const nb = sc.numa_balancing;
  return Math.max(0, Math.round(nb.scan_delay_ms * 1e6 - nb.enabled_after_s * 1e9));
}

/** task_tick_numa() on `vcpu` at t: its period has elapsed; returns whether task_numa_work is queued. */
export function taskTickNuma(sim: Sim, vcpu: number, t: number): boolean {
  const task = sim.numa.tasks[vcpu];
  const P = Math.max(1, Math.round(task.periodMs * 1e6));
  // the runtime is compared with the period as it is now: planned under a shorter one, not due yet
  // (the engine plans the next tick again)
  if (activeTime(sim.vcpus[vcpu], t) <= task.nodeStampNs + P) return false;
  task.nodeStampNs += P;
  return t >= sim.numa.nextScanNs;
}
