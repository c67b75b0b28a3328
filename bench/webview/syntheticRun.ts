// A synthetic SimulationResult for developing and benchmarking the timeline before the
// simulation core exists: NUMA-balancing scans over a guest, the notifier span, SPTE zaps,
// remote TLB flushes and the vCPUs re-faulting, scaled to any event count. DOM-free.
import type { TimelineRun } from '../../src/protocol/messages';
import {
  emptyCostNs,
  emptyCounters,
  type Counters,
  type LaneId,
  type PteState,
  type SimulationResult,
  type SourceRef,
  type SpteState,
  type StateBand,
  type TimelineEvent,
} from '../../src/protocol/simulation';

export interface SyntheticOptions {
  variant: 'v6.12' | 'rfc-v2' | 'rfc-v1';
  events: number;
  vcpus?: number;
  guestGiB?: number;
  scans?: number;
  seed?: number;
}

const r = (file: string, fn: string): SourceRef => ({ file, fn });
const SCAN = [r('kernel/sched/fair.c', 'task_numa_work')];
const PROT = [...SCAN, r('mm/mempolicy.c', 'change_prot_numa'), r('mm/mprotect.c', 'change_protection')];
const START = [
  ...PROT,
  r('mm/mprotect.c', 'change_pud_range'),
  r('mm/mmu_notifier.c', '__mmu_notifier_invalidate_range_start'),
  r('virt/kvm/kvm_main.c', 'kvm_mmu_notifier_invalidate_range_start'),
];
const PROTECT = [
  ...PROT,
  r('mm/mprotect.c', 'change_pte_range'),
  r('virt/kvm/kvm_main.c', 'kvm_mmu_notifier_numa_protect'),
];
const ZAP = [
  ...START,
  r('arch/x86/kvm/mmu/mmu.c', 'kvm_unmap_gfn_range'),
  r('arch/x86/kvm/mmu/tdp_mmu.c', 'tdp_mmu_zap_leafs'),
];
const FLUSH = [...START, r('virt/kvm/kvm_main.c', 'kvm_flush_remote_tlbs')];
const IPI = [...FLUSH, r('virt/kvm/kvm_main.c', 'kvm_make_all_cpus_request')];
const EXIT = [
  r('arch/x86/kvm/vmx/vmx.c', 'handle_ept_violation'),
  r('arch/x86/kvm/mmu/mmu.c', 'kvm_tdp_page_fault'),
];
const RETRY = [...EXIT, r('arch/x86/kvm/mmu/mmu.c', 'kvm_faultin_pfn')];
const HINT = [
  ...EXIT,
  r('virt/kvm/kvm_main.c', 'hva_to_pfn'),
  r('mm/memory.c', 'handle_mm_fault'),
  r('mm/memory.c', 'do_numa_page'),
];
const FAIL = [...HINT, r('mm/migrate.c', 'migrate_misplaced_folio')];
const PTE = [...PROT, r('mm/mprotect.c', 'change_pte_range')];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const MS = 1e6;
const S = 1e9;
const CHUNK = 64; // pages per band chunk (256 KiB)

export function syntheticResult(o: SyntheticOptions): SimulationResult {
  const rand = rng(o.seed ?? 1);
  const vcpus = o.vcpus ?? 4;
  const guestPages = (o.guestGiB ?? 4) * 262144;
  const scans = o.scans ?? 9;
  const t1 = (scans + 1.5) * S;
  const rfc = o.variant === 'rfc-v2';
  const stepPages = 65536; // 256 MiB per scan step
  const chunksPerScan = stepPages / CHUNK;
  const perScanFixed = 3 + vcpus + (rfc ? chunksPerScan / 4 : 40);
  const faultsPerVcpu = Math.max(1, Math.floor((o.events / scans - perScanFixed) / vcpus));
  const ev: TimelineEvent[] = [];
  const add = (
    t: number,
    lane: LaneId,
    kind: TimelineEvent['kind'],
    g0: number,
    g1: number,
    cause: SourceRef[],
    dur?: number,
  ): void => {
    ev.push(
      dur === undefined
        ? { t, lane, kind, gfnStart: g0, gfnEnd: g1, cause }
        : { t, dur, lane, kind, gfnStart: g0, gfnEnd: g1, cause },
    );
  };
  const nChunks = Math.ceil(guestPages / CHUNK);
  const pteSince = new Float64Array(nChunks);
  const pteState: PteState[] = new Array<PteState>(nChunks).fill('present');
  const spteSince = new Float64Array(nChunks);
  // The host maps THPs except in one 512 MiB region (4 KiB pages there, so 4 KiB SPTEs).
  const small = (chunk: number): boolean =>
    chunk * CHUNK >= guestPages * 0.6 && chunk * CHUNK < guestPages * 0.72;
  const spteState: SpteState[] = Array.from({ length: nChunks }, (_, c) => (small(c) ? '4k' : '2m'));
  const pteBands: StateBand<PteState>[] = [];
  const spteBands: StateBand<SpteState>[] = [];
  const setPte = (c: number, t: number, s: PteState): void => {
    if (t > pteSince[c])
      pteBands.push({
        t0: pteSince[c],
        t1: t,
        gfnStart: c * CHUNK,
        gfnEnd: (c + 1) * CHUNK,
        state: pteState[c],
      });
    pteSince[c] = t;
    pteState[c] = s;
  };
  const setSpte = (c: number, t: number, s: SpteState): void => {
    if (t > spteSince[c])
      spteBands.push({
        t0: spteSince[c],
        t1: t,
        gfnStart: c * CHUNK,
        gfnEnd: (c + 1) * CHUNK,
        state: spteState[c],
      });
    spteSince[c] = t;
    spteState[c] = s;
  };
  const c = emptyCounters();
  for (let s = 0; s < scans; s++) {
    const ts = (s + 1) * S;
    const g0 = (s * stepPages) % guestPages;
    const g1 = g0 + stepPages;
    const spanDur = rfc ? 40 * MS : 3 * MS;
    add(ts, 'scanner', 'numa_scan', g0, g1, SCAN, 60_000);
    add(
      ts + 10_000,
      'notifier',
      'invalidate_span',
      g0,
      rfc ? g1 : Math.min(guestPages, g0 + 262144),
      START,
      spanDur,
    );
    c.invalidate_range_start++;
    c.invalidate_range_end++;
    add(ts + 20_000, 'pte', 'pte_prot_none', g0, g1, PTE, spanDur - 20_000);
    const refault = new Float64Array(chunksPerScan);
    for (let k = 0; k < chunksPerScan; k++) {
      const chunk = g0 / CHUNK + k;
      const pinned = k % 7 === 0;
      const tp = ts + 20_000 + (k / chunksPerScan) * (spanDur - 40_000);
      if (!pinned) setPte(chunk, tp, 'prot_none');
      setSpte(chunk, rfc ? tp : ts + 30_000 + (k / chunksPerScan) * 2 * MS, 'absent');
      refault[k] = ts + spanDur + Math.pow(rand(), 2) * 600 * MS;
      if (rfc && k % 4 === 0)
        add(tp, 'notifier', 'numa_protect', chunk * CHUNK, (chunk + 4) * CHUNK, PROTECT);
    }
    if (!rfc) {
      add(ts + 30_000, 'spte', 'spte_zap', g0, g1, ZAP, 2 * MS);
      for (let y = 0; y < 40; y++)
        add(ts + 30_000 + y * 50_000, 'spte', 'yield_flush', g0, g1, ZAP.concat(FLUSH.slice(-1)));
    }
    add(ts + 2.1 * MS, 'spte', 'remote_tlb_flush', g0, g1, FLUSH);
    c.remote_tlb_flush_requests += rfc ? chunksPerScan : 41;
    for (let v = 0; v < vcpus; v++)
      add(ts + 2.12 * MS + v * 3000, `vcpu${v}`, 'tlb_flush_ipi', g0, g1, IPI, 2500);
    for (let v = 0; v < vcpus; v++) {
      for (let f = 0; f < faultsPerVcpu; f++) {
        const k = Math.floor(rand() * chunksPerScan);
        const gfn = g0 + k * CHUNK + Math.floor(rand() * CHUNK);
        const t = ts + 50_000 + Math.pow(rand(), 3) * 800 * MS;
        const lane: LaneId = `vcpu${v}`;
        const roll = rand();
        if (t < ts + spanDur && roll < 0.5) add(t, lane, 'fault_retry', gfn, gfn + 1, RETRY, 800);
        else if (roll < 0.7) add(t, lane, 'hint_fault', gfn, gfn + 1, HINT, 4000);
        else if (roll < 0.75) add(t, lane, 'migrate_fail', gfn, gfn + 1, FAIL, 9000);
        else add(t, lane, 'ept_violation', gfn, gfn + 1, EXIT, 2000 + rand() * 6000);
      }
    }
    for (let k = 0; k < chunksPerScan; k++) {
      const chunk = g0 / CHUNK + k;
      if (pteState[chunk] === 'prot_none') setPte(chunk, refault[k], 'present');
      setSpte(chunk, refault[k] + 5000, small(chunk) ? '4k' : '2m');
    }
  }
  for (let k = 0; k < nChunks; k++) {
    setPte(k, t1, pteState[k]);
    setSpte(k, t1, spteState[k]);
  }
  // rfc-v1: KVM guessed "pinned" from a refcount false positive and kept SPTEs the primary
  // MMU made PROT_NONE (kernel-model.md §7); a few such violations, to see them drawn.
  const violations: SimulationResult['violations'] = [];
  if (o.variant === 'rfc-v1') {
    for (let s = 0; s < Math.min(3, scans); s++) {
      const t = (s + 1) * S + 1.5 * MS;
      const g = (s * stepPages) % guestPages;
      add(t, 'spte', 'violation', g + 512, g + 513, ZAP);
      violations.push({
        rule: 'spte_present_over_prot_none',
        t,
        gfnStart: g + 512,
        gfnEnd: g + 513,
        event: 'spte_zap',
        message: `SPTE for gfn 0x${(g + 512).toString(16)} kept while its PTE is PROT_NONE (refcount false positive)`,
      });
    }
  }
  ev.sort((a, b) => a.t - b.t);
  pteBands.sort((a, b) => a.t0 - b.t0);
  spteBands.sort((a, b) => a.t0 - b.t0);
  countEvents(ev, c);
  return {
    variant: o.variant,
    scenario: 'numa-balancing-pinned-vm',
    seed: o.seed ?? 1,
    durationNs: t1,
    counters: c,
    by_cause: {},
    cost_ns: emptyCostNs(),
    violations,
    timeline: { t0: 0, t1, guestPages, vcpus, aggregated: false, events: ev, pteBands, spteBands },
  };
}

function countEvents(ev: readonly TimelineEvent[], c: Counters): void {
  for (const e of ev) {
    const n = e.count ?? 1;
    if (e.kind === 'remote_tlb_flush') c.remote_tlb_flush += n;
    else if (e.kind === 'spte_zap') {
      // As in the core: a zap event's count is SPTEs zapped, one kvm_unmap_gfn_range call.
      c.sptes_zapped_4k += n;
      c.kvm_unmap_gfn_range += 1;
    } else if (e.kind === 'numa_protect') c.numa_protect += n;
    else if (e.kind === 'tlb_flush_ipi') c.tlb_flush_ipis += n;
    else if (e.kind === 'fault_retry') c.fault_retries += n;
    else if (e.kind === 'hint_fault') c.numa_hint_faults += n;
    else if (e.kind === 'migrate_fail') c.pgmigrate_fail += n;
    else if (e.kind === 'pte_prot_none') c.numa_pte_updates += e.gfnEnd - e.gfnStart;
    if (
      e.kind === 'ept_violation' ||
      e.kind === 'hint_fault' ||
      e.kind === 'fault_retry' ||
      e.kind === 'migrate_fail'
    )
      c.ept_violations += n;
  }
}

/** A run of one or more variants, each with about `events` events. */
export function syntheticRun(
  events: number,
  variants: SyntheticOptions['variant'][] = ['v6.12'],
  vcpus = 4,
  guestGiB = 4,
): TimelineRun {
  return {
    title:
      variants.length > 1
        ? `NUMA balancing on a pinned VM: ${variants.join(' vs ')}`
        : `NUMA balancing on a pinned VM (${variants[0]})`,
    scenario: 'numa-balancing-pinned-vm',
    site: {
      file: 'mm/mprotect.c',
      line: 449,
      fn: 'change_pud_range',
      callee: 'mmu_notifier_invalidate_range_start',
    },
    results: variants.map((variant, i) => syntheticResult({ variant, events, vcpus, guestGiB, seed: i + 1 })),
  };
}
