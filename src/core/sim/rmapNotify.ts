// One rmap walker's MMU_NOTIFY_CLEAR start/end pair on a single 4 KiB page (mm/ksm.c write_protect_page()
// and replace_page(), mm/memory.c wp_page_copy()): KVM's kvm_mmu_notifier_invalidate_range_start()
// fires the kvm_unmap_hva_range tracepoint, zaps the page's leaf SPTE if it has one and then flushes
// (kvm_flush_remote_tlbs(), only when something was zapped). Callers that send many such pairs at one
// instant collect them in a PageNotifies and report them together.
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import * as F from './facts';
import { addressSpaces } from './kvmHandleHvaRange';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';

export interface PageNotifies {
  /** Start/end pairs sent. */
  calls: number;
  /** Of those, the ones whose start handler zapped a 4K leaf SPTE (each flushes once). */
  zapped: number;
}

export const noNotifies = (): PageNotifies => ({ calls: 0, zapped: 0 });

/** The facts of page g. */
export function factsAt(sim: Sim, g: number): number {
  let f = 0;
  sim.store.forEach(g, g + 1, (_s, _e, x) => (f = x));
  return f;
}

/** One start/end pair on page g: zap its SPTE (the start handler) and remember whether it flushed. */
export function notifyPage(sim: Sim, g: number, acc: PageNotifies): void {
  acc.calls++;
  if (F.spte(factsAt(sim, g)) === F.SPTE_ABSENT) return;
  acc.zapped++;
  sim.store.update(g, g + 1, (x) => F.withSpte(x, F.SPTE_ABSENT));
}

/** Count the pairs collected at t under `cause`, with their zaps and flushes. */
export function reportNotifies(
  sim: Sim,
  acc: PageNotifies,
  t: number,
  cause: Cause,
  chain: SourceRef[],
  a: number,
  b: number,
): void {
  if (acc.calls === 0) return;
  for (const k of ['invalidate_range_start', 'invalidate_range_end', 'kvm_unmap_hva_range'] as const)
    count(sim, cause, k, acc.calls);
  count(sim, cause, 'kvm_unmap_gfn_range', acc.calls * addressSpaces(sim));
  count(sim, cause, 'sptes_zapped_4k', acc.zapped);
  spend(sim, 'notifier', acc.calls * sim.cost.notifier_ns);
  spend(sim, 'spte_zap', acc.zapped * sim.cost.spte_zap_4k_ns);
  kvmFlushRemoteTlbs(sim, t, cause, acc.zapped, vcpusInGuestMode(sim, t), chain);
  sim.rec.event(t, 'notifier', 'invalidate_span', a, b, chain, {
    count: acc.calls,
    detail: 'MMU_NOTIFY_CLEAR per page',
  });
}
