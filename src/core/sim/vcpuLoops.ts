// workload.vcpu_loops: vCPUs that run one fixed loop for the whole run, the way the real-kernel oracle's
// test VMM drives them (oracle/): a 'sweep' vCPU writes one dword per 4 KiB page of its range in order,
// again and again (a cyclic stream at access_rate pages/s); a 'spin' vCPU stays in guest mode and touches
// nothing, so it only receives the IPIs of kvm_flush_remote_tlbs(). Both are always in guest mode
// (vcpu->mode == IN_GUEST_MODE) when not faulting: no halts, no boot phase.
import type { Scenario } from '../scenario/types';
import type { Vcpu } from './vcpu';

/** Replace each vCPU's streams and activity by its loop (no-op without vcpu_loops). */
export function applyVcpuLoops(sc: Scenario, vcpus: Vcpu[], pages: number, durationNs: number): Vcpu[] {
  const loops = sc.workload.vcpu_loops;
  if (loops.length === 0) return vcpus;
  const intervalNs = sc.workload.access_rate > 0 ? Math.max(1, Math.round(1e9 / sc.workload.access_rate)) : 0;
  return vcpus.map((v, i) => {
    const l = loops[i];
    const a = Math.min(l.gfn, pages);
    const b = l.pages > 0 ? Math.min(pages, l.gfn + l.pages) : pages;
    const sweeps = l.kind === 'sweep' && b > a && intervalNs > 0;
    const act = activity(sc, l.off_during_ops_ms, durationNs);
    return {
      ...v,
      // A spinner owns no memory: an empty region at the end, so pinning and placement ignore it.
      regionStart: sweeps ? a : pages,
      regionEnd: sweeps ? b : pages,
      boot: null,
      run: sweeps ? [{ a, b, intervalNs, cyclic: true }] : [],
      ...act,
      ...(l.off_during_ops_ms > 0 ? { sharesOpCpu: true } : {}),
      ...(sweeps ? { writes: true } : {}), // the harness's loop stores a dword per page
    };
  });
}

/**
 * A vcpu_loops thread pinned alone on its CPU: the harness pins each loop's thread, and one with
 * off_during_ops_ms shares CPU 0 with the VMM's main thread. Without vcpu_loops nothing places threads:
 * false (whatever else the host runs may share any CPU).
 */
export function aloneOnItsCpu(sc: Scenario, v: Vcpu): boolean {
  return sc.workload.vcpu_loops.length > 0 && !v.sharesOpCpu;
}

/**
 * Always in guest mode, except for `offMs` from the start of each scheduled operation: a vCPU thread
 * that shares its CPU with the VMM thread running the operations is preempted meanwhile
 * (vcpu->mode is OUTSIDE_GUEST_MODE, so kvm_flush_remote_tlbs() does not kick it, and it touches nothing).
 */
function activity(
  sc: Scenario,
  offMs: number,
  durationNs: number,
): { actStart: number[]; actEnd: number[]; actCum: number[] } {
  const gaps: [number, number][] = [];
  if (offMs > 0)
    for (const op of sc.operations)
      for (let k = 0; k < (op.repeat_s > 0 ? op.times : 1); k++) {
        const t = Math.round((op.at_s + k * op.repeat_s) * 1e9);
        gaps.push([t, t + Math.round(offMs * 1e6)]);
      }
  gaps.sort((a, b) => a[0] - b[0]);
  const actStart: number[] = [];
  const actEnd: number[] = [];
  const actCum: number[] = [];
  let t = 0;
  let cum = 0;
  for (const [a, b] of gaps) {
    if (a > t) {
      actStart.push(t);
      actEnd.push(a);
      actCum.push(cum);
      cum += a - t;
    }
    t = Math.max(t, b);
  }
  actStart.push(t);
  actEnd.push(Math.max(t, durationNs));
  actCum.push(cum);
  return { actStart, actEnd, actCum };
}
