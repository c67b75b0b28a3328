// kernel/sched/fair.c (6.12): the per-VMA NUMA-balancing state, vma->numab_state, and vma_is_accessed();
// include/linux/mm.h: vma_set_access_pid_bit(), called from do_numa_page() (mm/memory.c) and
// do_huge_pmd_numa_page() (mm/huge_memory.c). Not in 6.1 (VariantRules.vmaScanPidFilter).
// task_numa_work() gives a VMA its state the first time it walks it: start_scan_seq = mm->numa_scan_seq,
// next_scan = now + scan_delay (a VMA is not scanned before that once mm->numa_scan_seq > 0),
// pids_active_reset = next_scan + 4 * scan_delay (VMA_PID_RESET_PERIOD), prev_scan_seq =
// numa_scan_seq - 1. A hinting fault sets the faulting thread's bit (hash_32(pid) into 64 bits) in
// pids_active[1]; each walk after pids_active_reset shifts [1] into [0] and clears [1]. vma_is_accessed()
// lets a thread scan the VMA if: fewer than two passes have run since the VMA got its state; its bit is in
// either window; the scan already started inside the VMA (mm->numa_scan_offset > vm_start); or the VMA was
// last scanned more than get_nr_threads() passes ago.
import type { Sim } from './context';
import { TICK_NS } from './taskTickNuma';

/** One VMA's vma_numab_state (times in jiffies; pids as the set of hashed thread bits). */
export interface NumabState {
  startScanSeq: number;
  nextScanJ: number;
  pidsResetJ: number;
  prevScanSeq: number;
  pids: [Set<number>, Set<number>];
}

/** The bit a thread's pid hashes to: vCPU i's thread, or the VMM's main thread (-1). */
function pidBit(thread: number): number {
  return (thread + 1) & 63;
}

/** jiffies at t (HZ=250: the kernel compares these times at tick resolution). */
function jiffies(t: number): number {
  return Math.floor(t / TICK_NS);
}

/** msecs_to_jiffies(numa_balancing_scan_delay_ms). */
function delayJ(sim: Sim): number {
  return Math.ceil((sim.sc.numa_balancing.scan_delay_ms * 1e6) / TICK_NS);
}

/** The state of VMA `key` (other VMAs by index, guest RAM after them), created on the first walk by a
 * task_numa_work() run that started at `now`. */
export function numabState(sim: Sim, key: number, now: number): NumabState {
  const all = (sim.numa.numab ??= []);
  let st = all[key];
  if (!st) {
    const next = jiffies(now) + delayJ(sim);
    st = {
      startScanSeq: sim.numa.scanSeq,
      nextScanJ: next,
      pidsResetJ: next + 4 * delayJ(sim),
      prevScanSeq: sim.numa.scanSeq - 1,
      pids: [new Set(), new Set()],
    };
    all[key] = st;
  }
  return st;
}

/** vma_set_access_pid_bit(): a hinting fault of `thread` on VMA `key` (only once the VMA has state). */
export function vmaSetAccessPidBit(sim: Sim, key: number, thread: number): void {
  if (!sim.rules.vmaScanPidFilter) return;
  const st = sim.numa.numab?.[key];
  if (st) st.pids[1].add(pidBit(thread));
}

/** The threads that can run task_numa_work (get_nr_threads()): the vCPU threads and the VMM's main thread. */
export function nrThreads(sim: Sim): number {
  return sim.vcpus.length + 1;
}

/**
 * task_numa_work()'s gates before vma_is_accessed(), at walk time t: 'delay' (a new VMA's scan delay),
 * 'done' (already scanned in this pass), or null (go on). Resets the PID windows when due.
 */
export function numabGate(sim: Sim, st: NumabState, t: number): 'delay' | 'done' | null {
  const seq = sim.numa.scanSeq;
  const j = jiffies(t);
  if (seq && j < st.nextScanJ) return 'delay';
  if (seq && j > st.pidsResetJ) {
    st.pidsResetJ += 4 * delayJ(sim);
    st.pids = [st.pids[1], new Set()];
  }
  if (st.prevScanSeq === seq) return 'done';
  return null;
}

/** vma_is_accessed(): may thread `thread` scan this VMA? `started`: mm->numa_scan_offset > vm_start. */
export function vmaIsAccessed(sim: Sim, st: NumabState, thread: number, started: boolean): boolean {
  const seq = sim.numa.scanSeq;
  if (seq - st.startScanSeq < 2) return true;
  const b = pidBit(thread);
  if (st.pids[0].has(b) || st.pids[1].has(b)) return true;
  if (started) return true;
  return seq > st.prevScanSeq + nrThreads(sim);
}

/** The numab_state key of the guest-RAM VMA (after the VMM's other VMAs). */
export function guestRamKey(sim: Sim): number {
  return sim.sc.vmm.other_vmas.length;
}
