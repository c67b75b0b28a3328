// kernel/sched/fair.c: task_numa_fault() -> task_numa_placement() -> update_task_scan_period().
// A hinting fault is accounted to the thread that took it: the vCPU whose EPT violation went through
// GUP into do_numa_page(). task_numa_placement() returns at once unless the mm completed a scan pass
// since this thread last looked (p->numa_scan_seq != mm->numa_scan_seq), so the scan period adapts at
// most once per pass and never without hinting faults. update_task_scan_period(): if the thread saw no
// local (or shared) faults, or any failed migration, the period doubles (up to task_scan_max()) and
// mm->numa_next_scan moves out — and numa_faults_locality[] is *not* cleared on that path, so one
// failed migration keeps it slowing down; otherwise (a VMM's faults are private: ps_ratio = 10) it
// grows by (ps_ratio - NUMA_PERIOD_THRESHOLD) slots of a tenth of the period, clamped to
// [task_scan_min(), task_scan_max()], and the counts are cleared. The fault's own counts are added after
// the placement (the kernel calls task_numa_placement() first).
import type { NumaTask, Sim } from './context';
import { taskScanMaxMs, taskScanMinMs, nrScanWindows } from './taskNumaWork';

const NUMA_PERIOD_SLOTS = 10;
const NUMA_PERIOD_THRESHOLD = 7;

export function taskNumaFault(
  sim: Sim,
  vcpu: number,
  pages: number,
  local: boolean,
  failed: boolean,
  t: number,
): void {
  const task = sim.numa.tasks[vcpu];
  if (!task) return; // not a vCPU thread (the VMM's main thread is not modelled)
  if (task.scanSeq !== sim.numa.scanSeq) {
    task.scanSeq = sim.numa.scanSeq;
    updateTaskScanPeriod(sim, task, t);
  }
  if (failed) task.failed += pages;
  if (local) task.local += pages;
  else task.remote += pages;
}

function updateTaskScanPeriod(sim: Sim, task: NumaTask, t: number): void {
  const windows = nrScanWindows(sim);
  const max = taskScanMaxMs(sim, windows);
  const shared = 0; // every fault private: the thread touches its own vCPU's memory
  if (task.local + shared === 0 || task.failed > 0) {
    task.periodMs = Math.min(max, task.periodMs * 2);
    sim.numa.nextScanNs = t + task.periodMs * 1e6;
    return;
  }
  const slot = Math.ceil(task.periodMs / NUMA_PERIOD_SLOTS);
  const psRatio = NUMA_PERIOD_SLOTS; // private / (private + shared) in tenths
  const diff = Math.max(1, psRatio - NUMA_PERIOD_THRESHOLD) * slot;
  task.periodMs = Math.min(max, Math.max(taskScanMinMs(sim, windows), task.periodMs + diff));
  task.remote = 0;
  task.local = 0;
  task.failed = 0;
}
