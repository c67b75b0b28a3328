// virt/kvm/kvm_main.c: kvm_flush_remote_tlbs()
// Every call bumps remote_tlb_flush_requests; KVM_REQ_TLB_FLUSH goes to every vCPU and an IPI to each
// vCPU in guest mode; remote_tlb_flush is bumped only when kvm_make_all_cpus_request() kicked at least
// one vCPU (x86 without a Hyper-V flush hook). Halted vCPUs get the request but no IPI.
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import { activeUntil } from './vcpu';
import { FN } from './causes';

/** vCPUs running guest code at t (vcpu->mode == IN_GUEST_MODE); never the one whose thread runs this step. */
export function vcpusInGuestMode(sim: Sim, t: number): number {
  if (sim.released) return 0;
  let n = 0;
  for (const v of sim.vcpus) if (v.index !== sim.currentVcpu && activeUntil(v, t) >= 0) n++;
  return n;
}

/**
 * `calls` flush requests at time t, each reaching `inGuest` vCPUs in guest mode.
 * Returns the simulated time the caller spends (the requester waits for the kicked vCPUs).
 */
export function kvmFlushRemoteTlbs(
  sim: Sim,
  t: number,
  cause: Cause,
  calls: number,
  inGuest: number,
  chain: SourceRef[],
  lane: 'notifier' | 'spte' = 'spte',
): number {
  if (calls <= 0) return 0;
  const guest = Math.max(0, inGuest);
  count(sim, cause, 'remote_tlb_flush_requests', calls);
  if (guest > 0) {
    count(sim, cause, 'remote_tlb_flush', calls);
    count(sim, cause, 'tlb_flush_ipis', calls * guest);
  }
  spend(sim, 'remote_tlb_flush', calls * sim.cost.remote_tlb_flush_ns);
  spend(sim, 'ipi', calls * guest * sim.cost.ipi_ns);
  sim.rec.guest(
    t,
    lane,
    'remote_tlb_flush',
    0,
    sim.pages,
    [...chain, FN.kvmFlushRemoteTlbs],
    calls,
    `${guest} vCPU(s) in guest mode`,
  );
  return sim.cost.remote_tlb_flush_ns;
}
