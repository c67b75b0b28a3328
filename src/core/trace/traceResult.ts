// The end of an import: the builder's events placed on the traced guest region and on a time axis
// starting at the first event, plus the counters, as one SimulationResult with `imported` set, so
// the timeline, the counters table and the Perfetto export treat it like any other run. Pure.
import {
  COUNTER_NAMES,
  emptyCostNs,
  emptyCounters,
  type CounterName,
  type SimulationResult,
  type TimelineEvent,
} from '../../protocol/simulation';
import type { CounterSource, ImportedFile, ImportInfo, ImportProblem } from '../../protocol/traceImport';
import { MAX_PROBLEMS } from '../../protocol/traceImport';
import { KVM_STAT_COUNTERS, VMSTAT_COUNTERS } from './counterFiles';
import { WHOLE, type TraceBuilder } from './traceBuilder';

/** Counters that exact tracepoint hits give (the oracle's `tracepoints`, by `system:event`). */
const TRACEPOINT_COUNTERS: readonly [string, CounterName][] = [
  ['kvm:kvm_unmap_hva_range', 'kvm_unmap_hva_range'],
  ['kvm:kvm_page_fault', 'ept_violations'],
];

/** Chunks (2 MiB of guest frames) further apart than this start a new region. */
const REGION_GAP_CHUNKS = 8;

/**
 * The traced region: of the runs of 2 MiB chunks that events touched (gaps up to REGION_GAP_CHUNKS
 * allowed), the one with the most events. A VMM's code slot at gfn 0 and its data slot far above
 * it are two runs; the timeline shows the busy one.
 */
export function tracedRegion(chunkHits: ReadonlyMap<number, number>): { gfnBase: number; pages: number } {
  const chunks = [...chunkHits.keys()].sort((a, b) => a - b);
  if (chunks.length === 0) return { gfnBase: 0, pages: 512 };
  let best = { first: chunks[0], last: chunks[0], hits: -1 };
  let cur = { first: chunks[0], last: chunks[0], hits: 0 };
  for (const c of chunks) {
    if (c - cur.last > REGION_GAP_CHUNKS) {
      if (cur.hits > best.hits) best = cur;
      cur = { first: c, last: c, hits: 0 };
    }
    cur.last = c;
    cur.hits += chunkHits.get(c) ?? 0;
  }
  if (cur.hits > best.hits) best = cur;
  return { gfnBase: best.first * 512, pages: (best.last + 1 - best.first) * 512 };
}

export interface CounterInput {
  source: Exclude<CounterSource, 'trace'>;
  /** Every counter the file has, zero deltas included (a zero is a measurement too). */
  deltas: Record<string, number>;
}

export interface ImportLabel {
  /** Column title in the counters table: "real 6.1.0-57-amd64". */
  variant: string;
  /** The case or file the trace came from. */
  scenario: string;
}

export function buildImportedResult(
  b: TraceBuilder,
  counterInputs: readonly CounterInput[],
  files: ImportedFile[],
  extraProblems: readonly ImportProblem[],
  label: ImportLabel,
): SimulationResult {
  b.closeAllSpans();
  const { gfnBase, pages } = tracedRegion(b.chunkHits);
  const t0 = Number.isFinite(b.minTs) ? b.minTs : 0;
  const durationNs = Number.isFinite(b.maxTs) ? Math.max(1, b.maxTs - t0) : 1;
  let outside = 0;
  const events: TimelineEvent[] = [];
  let vcpus = 0;
  const place = (ev: TimelineEvent): void => {
    ev.t -= t0;
    if (ev.gfnStart === WHOLE) {
      ev.gfnStart = 0;
      ev.gfnEnd = pages;
    } else {
      const s = Math.max(0, ev.gfnStart - gfnBase);
      const e = Math.min(pages, ev.gfnEnd - gfnBase);
      if (e <= s) {
        outside += ev.count ?? 1;
        return;
      }
      ev.gfnStart = s;
      ev.gfnEnd = e;
    }
    if (ev.lane.startsWith('vcpu')) vcpus = Math.max(vcpus, Number(ev.lane.slice(4)) + 1);
    events.push(ev);
  };
  for (const ev of b.events) place(ev);
  const kept = events.length;
  for (const ev of b.slots()) place(ev);
  events.sort((x, y) => x.t - y.t);

  const counters = emptyCounters();
  const measured: Partial<Record<CounterName, CounterSource>> = {};
  const traced = b.eventCounts;
  const fromTrace: [CounterName, string, number][] = [
    ['kvm_unmap_hva_range', 'kvm_unmap_hva_range', b.counts.kvm_unmap_hva_range],
    ['sptes_zapped_4k', 'kvm_tdp_mmu_spte_changed', b.counts.sptes_zapped_4k],
    ['sptes_zapped_2m', 'kvm_tdp_mmu_spte_changed', b.counts.sptes_zapped_2m],
    ['ept_violations', 'kvm_page_fault', b.counts.ept_violations],
    ['numa_pages_migrated', 'mm_migrate_pages', b.counts.numa_pages_migrated],
    ['pgmigrate_fail', 'mm_migrate_pages', b.counts.pgmigrate_fail],
  ];
  // A counter is measured by the trace only when its event was enabled (occurs at least once).
  for (const [name, event, n] of fromTrace)
    if (traced[event]) {
      counters[name] = n;
      measured[name] = 'trace';
    }
  const kernelCounters: Record<string, number> = { ...b.exitReasonCounters() };
  const warnings: string[] = [];
  for (const input of counterInputs) {
    for (const [k, v] of Object.entries(input.deltas))
      if (v !== 0) {
        const key = input.source === 'tracepoint' ? `tracepoint ${k}` : k;
        kernelCounters[key] = (kernelCounters[key] ?? 0) + v;
      }
    if (input.source === 'tracepoint') {
      // Exact hits (no ring-buffer loss) win over counting the trace's events; a trace that holds
      // fewer events than were hit is partial, and every count derived from it is too.
      for (const [event, name] of TRACEPOINT_COUNTERS) {
        const v = input.deltas[event];
        if (v === undefined) continue;
        counters[name] = v;
        measured[name] = 'tracepoint';
      }
      const partial: string[] = [];
      for (const [event, hits] of Object.entries(input.deltas)) {
        const inTrace = traced[event.slice(event.indexOf(':') + 1)] ?? 0;
        if (inTrace > 0 && inTrace < hits)
          partial.push(`${inTrace.toLocaleString('en-US')} of ${hits.toLocaleString('en-US')} ${event}`);
      }
      if (partial.length)
        warnings.push(
          `the trace is partial (ring buffer too small, or tracing started late): it holds ${partial.join(', ')} ` +
            `events the tracepoints counted; counts taken from its events (marked "trace") are partial too`,
        );
      continue;
    }
    const names: readonly CounterName[] = input.source === 'vmstat' ? VMSTAT_COUNTERS : KVM_STAT_COUNTERS;
    // The kernel's own counters win over counts derived from trace events.
    for (const name of names) {
      const v = input.deltas[name];
      if (v === undefined) continue;
      counters[name] = v;
      measured[name] = input.source;
    }
  }
  for (const name of COUNTER_NAMES) if (!(name in measured)) counters[name] = 0;

  const problems = [...extraProblems, ...b.problems].slice(0, MAX_PROBLEMS);
  const imported: ImportInfo = {
    files,
    eventCounts: { ...b.eventCounts },
    unknownEvents: { ...b.unknownEvents },
    problems,
    problemCount: b.problemCount + extraProblems.length,
    measured,
    kernelCounters,
    gfnBase,
    outsideRegion: outside,
    keptEvents: kept,
    bootNsAtZero: t0,
    warnings,
  };
  return {
    variant: label.variant,
    scenario: label.scenario,
    seed: 0,
    durationNs,
    counters,
    by_cause: {},
    cost_ns: emptyCostNs(),
    violations: [],
    timeline: {
      t0: 0,
      t1: durationNs,
      guestPages: pages,
      vcpus: Math.max(1, vcpus),
      aggregated: b.aggregated,
      events,
      pteBands: [],
      spteBands: [],
    },
    imported,
  };
}
