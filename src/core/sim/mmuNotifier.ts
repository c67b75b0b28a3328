// mm/mmu_notifier.c: mmu_notifier_invalidate_range_start(), mmu_notifier_invalidate_range_end(), and
// RFC v2's mmu_notifier_numa_protect() (patch 3). KVM is the one subscriber modelled; the range carries
// the event type (MMU_NOTIFY_*) and RFC patch 1's MMU_NOTIFIER_RANGE_NUMA flag.
import { PAGE_SIZE } from '../../protocol/format';
import type { Cause, SourceRef } from '../../protocol/simulation';
import { count, spend, type Sim } from './context';
import {
  kvmMmuNotifierInvalidateRangeEnd,
  kvmMmuNotifierInvalidateRangeStart,
  kvmMmuNotifierNoMemslot,
  kvmMmuNotifierNumaProtect,
} from './kvmMmuNotifier';
import { FN } from './causes';
import { violation } from './contractChecks';

export type NotifyEvent =
  'UNMAP' | 'CLEAR' | 'PROTECTION_VMA' | 'PROTECTION_PAGE' | 'SOFT_DIRTY' | 'RELEASE' | 'MIGRATE';

export interface NotifierRange {
  start: number;
  end: number;
  event: NotifyEvent;
  /** MMU_NOTIFIER_RANGE_NUMA (RFC patch 1). */
  numa: boolean;
  cause: Cause;
  chain: SourceRef[];
  /** When the start was sent (for the span event). */
  t0?: number;
}

/** Returns the time the subscribers' start handlers are done. */
export function mmuNotifierInvalidateRangeStart(sim: Sim, r: NotifierRange, t: number): number {
  r.t0 = t;
  count(sim, r.cause, 'invalidate_range_start', 1);
  count(sim, r.cause, 'invalidated_bytes', (r.end - r.start) * PAGE_SIZE);
  spend(sim, 'notifier', sim.cost.notifier_ns);
  sim.rec.event(
    t,
    'notifier',
    'invalidate_range_start',
    r.start,
    r.end,
    [...r.chain, FN.invalidateRangeStart],
    { detail: `MMU_NOTIFY_${r.event}${r.numa ? ' | MMU_NOTIFIER_RANGE_NUMA' : ''}` },
  );
  return kvmMmuNotifierInvalidateRangeStart(sim, r, t + sim.cost.notifier_ns);
}

export function mmuNotifierInvalidateRangeEnd(sim: Sim, r: NotifierRange, t: number): void {
  count(sim, r.cause, 'invalidate_range_end', 1);
  kvmMmuNotifierInvalidateRangeEnd(sim, r, t);
  const t0 = r.t0 ?? t;
  sim.rec.event(t0, 'notifier', 'invalidate_span', r.start, r.end, [...r.chain, FN.invalidateRangeStart], {
    dur: Math.max(1, t - t0),
    detail: `MMU_NOTIFY_${r.event}`,
  });
}

/**
 * A start/end pair over `pages` of the mm outside guest RAM (`what` names it): KVM sees it
 * (kvmMmuNotifierNoMemslot()) but has nothing to zap. On the timeline without a guest range.
 * Returns the time the pair ends.
 */
export function mmuNotifierInvalidateOutsideGuestRam(
  sim: Sim,
  r: { event: NotifyEvent; cause: Cause; chain: SourceRef[]; pages: number; what: string },
  t: number,
): number {
  count(sim, r.cause, 'invalidate_range_start', 1);
  count(sim, r.cause, 'invalidated_bytes', r.pages * PAGE_SIZE);
  spend(sim, 'notifier', sim.cost.notifier_ns);
  kvmMmuNotifierNoMemslot(sim, r);
  count(sim, r.cause, 'invalidate_range_end', 1);
  sim.rec.event(t, 'notifier', 'invalidate_span', 0, 0, [...r.chain, FN.invalidateRangeStart, FN.kvmStart], {
    dur: sim.cost.notifier_ns,
    detail: `MMU_NOTIFY_${r.event} outside guest RAM (${r.what}): no memslot, kvm_unmap_hva_range only`,
  });
  return t + sim.cost.notifier_ns;
}

/**
 * RFC v2 3/5 + 4/5: mmu_notifier_numa_protect(start, end) for `calls` entries of one kind made PROT_NONE
 * in [s, e). Without patch 3 there is no op to call. Returns the time the handlers took.
 */
export function mmuNotifierNumaProtect(
  sim: Sim,
  r: NotifierRange,
  s: number,
  e: number,
  facts: number,
  calls: number,
  t: number,
): number {
  if (!sim.rules.numaProtectOp) return 0;
  count(sim, r.cause, 'numa_protect', calls);
  if (!(sim.kvm.inProgress > 0 && sim.kvm.numaFlagged))
    violation(
      sim,
      'numa_protect_outside_numa_range',
      t,
      s,
      e,
      'mmu_notifier_numa_protect',
      'numa_protect() called outside a MMU_NOTIFIER_RANGE_NUMA start/end',
    );
  if (calls > 0) sim.rec.guest(t, 'notifier', 'numa_protect', s, e, [...r.chain, FN.numaProtect], calls);
  return kvmMmuNotifierNumaProtect(sim, r, s, e, facts, calls, t);
}
