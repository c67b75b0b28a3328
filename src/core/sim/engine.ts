// The discrete-event engine: simulated time in ns, one queue of kernel events (task_tick_numa() ticks that
// queue task_numa_work on a vCPU thread,
// scheduled operations, mdev pin churn, the end of boot); between two events the guest's accesses over
// that interval are applied (guestAccess.ts). Deterministic: same scenario + variant + store -> same output.
import type { Sim } from './context';
import { guestProgress } from './guestAccess';
import { taskNumaWork } from './taskNumaWork';
import { nextNumaWork, taskTickNuma } from './taskTickNuma';
import { runOperation } from './operations';
import { mdevChurn, mdevInit, pinRange, type MdevState } from './vfioPin';
import { checkPairing } from './contractChecks';
import type { ScheduledOperation } from '../scenario/types';
import { kvmRecoverNxHugePages, nxRecoveryPeriodNs } from './kvmRecoverNxHugePages';

type EvIn = { t: number } & (
  | { kind: 'scan'; vcpu: number }
  | { kind: 'boot' }
  | { kind: 'churn' }
  | { kind: 'nxRecovery' }
  | { kind: 'op'; op: ScheduledOperation; n: number }
);
type Ev = EvIn & { seq: number };

class Queue {
  private items: Ev[] = [];
  private seq = 0;
  push(e: EvIn): void {
    const ev: Ev = { ...e, seq: this.seq++ };
    let i = this.items.length;
    while (
      i > 0 &&
      (this.items[i - 1].t > ev.t || (this.items[i - 1].t === ev.t && this.items[i - 1].seq > ev.seq))
    )
      i--;
    this.items.splice(i, 0, ev);
  }
  pop(): Ev | undefined {
    return this.items.shift();
  }
  peekT(): number {
    return this.items.length ? this.items[0].t : Infinity;
  }
}

export function runEngine(
  sim: Sim,
  durationNs: number,
  onProgress?: (fraction: number) => void,
  afterPins?: () => void,
): void {
  const q = new Queue();
  const sc = sim.sc;
  let mdev: MdevState | null = null;
  if (sc.device.kind === 'vfio') pinRange(sim, 0, sim.pages, 0, false);
  if (sc.device.kind === 'mdev') {
    mdev = mdevInit(sim, 0);
    if (sc.device.mdev_churn_period_s > 0) q.push({ t: sc.device.mdev_churn_period_s * 1e9, kind: 'churn' });
  }
  afterPins?.();
  const planScan = (from: number): void => {
    const n = nextNumaWork(sim, from);
    if (n) q.push({ t: n.t, kind: 'scan', vcpu: n.vcpu });
  };
  if (sim.rules.numaBalancing) planScan(0);
  if (sim.bootNs > 0 && sim.bootNs < durationNs) q.push({ t: sim.bootNs, kind: 'boot' });
  for (const op of sc.operations) q.push({ t: Math.round(op.at_s * 1e9), kind: 'op', op, n: 1 });
  const nxPeriod = nxRecoveryPeriodNs(sim);
  if (nxPeriod > 0) q.push({ t: nxPeriod, kind: 'nxRecovery' });
  sim.rec.snapshot(0, sim.store, true);
  let last = 0;
  let lastReport = -1;
  while (q.peekT() < durationNs) {
    const ev = q.pop() as Ev;
    sim.rec.passing(ev.t, sim.store);
    guestProgress(sim, last, ev.t);
    sim.rec.reached(ev.t, sim.store);
    last = ev.t;
    if (sim.released && ev.kind !== 'op') continue;
    switch (ev.kind) {
      case 'scan':
        // task_tick_numa() on the vCPU thread the tick interrupted; task_numa_work() runs on it
        if (taskTickNuma(sim, ev.vcpu, ev.t)) taskNumaWork(sim, ev.vcpu, ev.t);
        if (!sim.released) planScan(ev.t + 1);
        break;
      case 'churn':
        if (mdev) mdevChurn(sim, mdev, ev.t);
        q.push({ t: ev.t + sc.device.mdev_churn_period_s * 1e9, kind: 'churn' });
        break;
      case 'op':
        if (!sim.released) runOperation(sim, ev.op, ev.t);
        if (ev.op.repeat_s > 0 && ev.n < ev.op.times)
          q.push({ t: ev.t + Math.round(ev.op.repeat_s * 1e9), kind: 'op', op: ev.op, n: ev.n + 1 });
        break;
      case 'boot':
        break;
      case 'nxRecovery':
        // kvm_nx_huge_page_recovery_worker(): one run, then sleep another period
        kvmRecoverNxHugePages(sim, ev.t);
        q.push({ t: ev.t + nxRecoveryPeriodNs(sim), kind: 'nxRecovery' });
        break;
    }
    sim.rec.snapshot(ev.t, sim.store);
    if (onProgress) {
      const f = Math.floor((ev.t / durationNs) * 100);
      if (f > lastReport) {
        lastReport = f;
        onProgress(f / 100);
      }
    }
  }
  sim.rec.passing(durationNs, sim.store);
  guestProgress(sim, last, durationNs);
  sim.rec.reached(durationNs, sim.store);
  checkPairing(sim, durationNs);
  sim.rec.finish(durationNs, sim.store);
  onProgress?.(1);
}
