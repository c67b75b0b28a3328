// Turns ftrace records into a timeline run: the real kernel's events on the same lanes as a
// simulation (notifier spans with their ranges, SPTE zaps and installs, page faults per vCPU,
// migrations, NUMA task placement, host TLB flushes) plus the counters they give. Memory is bounded:
// the first `maxEvents` events are kept one by one with their raw line; later ones merge into time
// slots per lane and kind (at most `maxSlots`, the slot doubling when full), as the simulator's
// aggregated mode does. Pure: the caller feeds lines (see readTraceFiles.ts). No I/O.
import { EventSlots } from '../sim/eventSlots';
import type { EventKind, LaneId, SourceRef, TimelineEvent } from '../../protocol/simulation';
import { MAX_PROBLEMS, type ImportProblem } from '../../protocol/traceImport';
import { parseFtraceLine, type FtraceRecord, type HeaderStyle } from './ftraceLine';
import { FieldError, parseTraceFields, type TraceFields } from './traceEvents';
import { TRACE_CAUSE } from './traceCauses';

export interface TraceBuilderOptions {
  /** Events kept one by one (with their raw line for the tooltip); default 1,000,000. */
  maxEvents?: number;
  /** Time slots for the events beyond maxEvents; default 200,000. */
  maxSlots?: number;
  /** Raw lines are cut to this many characters; default 240. */
  rawChars?: number;
}

/** The gfn range of an event not tied to an address (whole traced region), fixed up in finish(). */
export const WHOLE = -1;

interface OpenSpan {
  ev: TimelineEvent | null;
  zapMin: number;
  zapMax: number;
  tLast: number;
}

export interface TraceCounts {
  kvm_unmap_hva_range: number;
  sptes_zapped_4k: number;
  sptes_zapped_2m: number;
  ept_violations: number;
  numa_pages_migrated: number;
  pgmigrate_fail: number;
}

export class TraceBuilder {
  readonly events: TimelineEvent[] = [];
  readonly eventCounts: Record<string, number> = {};
  readonly unknownEvents: Record<string, number> = {};
  readonly exitReasons: Record<string, number> = {};
  readonly problems: ImportProblem[] = [];
  problemCount = 0;
  readonly counts: TraceCounts = {
    kvm_unmap_hva_range: 0,
    sptes_zapped_4k: 0,
    sptes_zapped_2m: 0,
    ept_violations: 0,
    numa_pages_migrated: 0,
    pgmigrate_fail: 0,
  };
  /** Events per 2 MiB chunk of guest frames (to find the traced region). */
  readonly chunkHits = new Map<number, number>();
  minTs = Infinity;
  maxTs = -Infinity;
  eventLines = 0;
  headerStyle: HeaderStyle | undefined;
  /** Lines that were events or headers (a file with none of them is not a trace). */
  traceLines = 0;
  /** Events past maxEvents, merged per time slot; an unknown range (WHOLE) absorbs any other. */
  private readonly slotted = new EventSlots(1_000_000, (ev, s, e) => {
    if (s === WHOLE || ev.gfnStart === WHOLE) ev.gfnStart = ev.gfnEnd = WHOLE;
    else {
      ev.gfnStart = Math.min(ev.gfnStart, s);
      ev.gfnEnd = Math.max(ev.gfnEnd, e);
    }
  });
  private spans = new Map<number, OpenSpan>();
  private vcpuOfPid = new Map<number, number>();
  private readonly maxEvents: number;
  private readonly maxSlots: number;
  private readonly rawChars: number;
  private file = '';
  /** The file's base name: each kept event's raw line starts with it (the full path would cost memory per event). */
  private fileName = '';

  constructor(opts: TraceBuilderOptions = {}) {
    this.maxEvents = opts.maxEvents ?? 1_000_000;
    this.maxSlots = opts.maxSlots ?? 200_000;
    this.rawChars = opts.rawChars ?? 240;
  }

  startFile(path: string): void {
    this.file = path;
    this.fileName = path.split(/[\\/]/).pop() ?? path;
    this.headerStyle = undefined;
  }

  get aggregated(): boolean {
    return this.slotted.size > 0;
  }

  slots(): IterableIterator<TimelineEvent> {
    return this.slotted.values();
  }

  problem(line: number, message: string, text: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS)
      this.problems.push({ file: this.file, line, message, text: text.slice(0, 160) });
  }

  /** One line of ftrace text (line numbers from 1). */
  line(text: string, lineNo: number): void {
    const l = parseFtraceLine(text);
    if (l.kind === 'blank') return;
    if (l.kind === 'header') {
      this.traceLines++;
      if (l.style && !this.headerStyle) this.headerStyle = l.style;
      return;
    }
    if (l.kind === 'malformed') {
      this.problem(lineNo, `not an ftrace event line: ${l.reason}; skipped`, text);
      return;
    }
    this.traceLines++;
    this.eventLines++;
    let f: TraceFields | null;
    try {
      f = parseTraceFields(l.rec.event, l.rec.body);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      this.problem(lineNo, `${e.message}; skipped`, text);
      return;
    }
    const ts = l.rec.tsNs;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
    if (!f) {
      this.unknownEvents[l.rec.event] = (this.unknownEvents[l.rec.event] ?? 0) + 1;
      return;
    }
    this.eventCounts[l.rec.event] = (this.eventCounts[l.rec.event] ?? 0) + 1;
    this.apply(f, l.rec, text, lineNo);
  }

  /**
   * "file:line: raw line" for the tooltip. Built with join(), which makes a flat copy: a template
   * literal would keep a slice of the 1 MiB chunk the line came from alive for as long as the event.
   */
  private raw(text: string, lineNo: number): string {
    const t = text.trim();
    return [
      this.fileName,
      ':',
      lineNo,
      ': ',
      t.length > this.rawChars ? t.slice(0, this.rawChars) + '…' : t,
    ].join('');
  }

  private hit(gfn: number, n = 1): void {
    const c = Math.floor(gfn / 512);
    this.chunkHits.set(c, (this.chunkHits.get(c) ?? 0) + n);
  }

  private vcpuLane(pid: number): LaneId | null {
    const v = this.vcpuOfPid.get(pid);
    return v === undefined ? null : `vcpu${v}`;
  }

  private add(
    t: number,
    lane: LaneId,
    kind: EventKind,
    gfnStart: number,
    gfnEnd: number,
    cause: SourceRef[],
    raw: () => string,
    count = 1,
  ): TimelineEvent | null {
    if (this.events.length < this.maxEvents) {
      const ev: TimelineEvent = { t, lane, kind, gfnStart, gfnEnd, cause, detail: raw() };
      if (count !== 1) ev.count = count;
      this.events.push(ev);
      return ev;
    }
    this.slot(t, lane, kind, gfnStart, gfnEnd, cause, count);
    return null;
  }

  private slot(
    t: number,
    lane: LaneId,
    kind: EventKind,
    s: number,
    e: number,
    cause: SourceRef[],
    count: number,
  ): void {
    this.slotted.add(t, lane, kind, s, e, cause, count);
    if (this.slotted.size > this.maxSlots) this.slotted.coarsen();
  }

  private apply(f: TraceFields, rec: FtraceRecord, text: string, lineNo: number): void {
    const t = rec.tsNs;
    const raw = (): string => this.raw(text, lineNo);
    switch (f.event) {
      case 'kvm_unmap_hva_range': {
        this.counts.kvm_unmap_hva_range++;
        this.closeSpan(rec.pid);
        const ev = this.add(t, 'notifier', 'invalidate_span', WHOLE, WHOLE, TRACE_CAUSE.unmapHvaRange, raw);
        if (ev) ev.detail += ` (hva ${f.start.toString(16)}–${f.end.toString(16)})`;
        this.spans.set(rec.pid, { ev, zapMin: Infinity, zapMax: -Infinity, tLast: t });
        return;
      }
      case 'kvm_tdp_mmu_spte_changed': {
        if (f.change === 'nonleaf' || f.change === 'modify') return;
        const pages = f.level <= 1 ? 1 : 512 ** (f.level - 1);
        const end = f.gfn + pages;
        this.hit(f.gfn, 1);
        if (f.change === 'zap') {
          if (f.level <= 1) this.counts.sptes_zapped_4k++;
          else this.counts.sptes_zapped_2m++;
          const span = this.spans.get(rec.pid);
          if (span) {
            span.zapMin = Math.min(span.zapMin, f.gfn);
            span.zapMax = Math.max(span.zapMax, end);
            span.tLast = t;
          }
          this.add(t, 'spte', 'spte_zap', f.gfn, end, TRACE_CAUSE.spteZap, raw);
        } else this.add(t, 'spte', 'spte_install', f.gfn, end, TRACE_CAUSE.spteInstall, raw);
        return;
      }
      case 'kvm_mmu_prepare_zap_page': {
        const pages = 512 ** Math.max(0, f.level - 1);
        const base = f.gfn - (f.gfn % pages);
        this.hit(base);
        this.add(t, 'spte', 'spte_zap', base, base + pages, TRACE_CAUSE.prepareZapPage, raw);
        return;
      }
      case 'kvm_mmu_zap_all_fast':
        this.add(t, 'spte', 'spte_zap', WHOLE, WHOLE, TRACE_CAUSE.zapAllFast, raw);
        return;
      case 'kvm_mmu_spte_requested':
      case 'kvm_mmu_set_spte':
      case 'kvm_mmu_split_huge_page':
        return; // counted by name; kvm_tdp_mmu_spte_changed draws the SPTE itself
      case 'kvm_page_fault': {
        this.counts.ept_violations++;
        this.vcpuOfPid.set(rec.pid, f.vcpu);
        this.hit(f.gfn);
        this.add(t, `vcpu${f.vcpu}`, 'ept_violation', f.gfn, f.gfn + 1, TRACE_CAUSE.pageFault, raw);
        return;
      }
      case 'kvm_exit':
        this.vcpuOfPid.set(rec.pid, f.vcpu);
        this.exitReasons[f.reason] = (this.exitReasons[f.reason] ?? 0) + 1;
        return;
      case 'mm_migrate_pages': {
        const numa = f.reason === 'numa_misplaced';
        if (numa) {
          this.counts.numa_pages_migrated += f.succeeded;
          this.counts.pgmigrate_fail += f.failed;
        }
        const lane = this.vcpuLane(rec.pid) ?? 'scanner';
        if (f.succeeded > 0)
          this.add(t, lane, 'migrate', WHOLE, WHOLE, TRACE_CAUSE.migratePages, raw, f.succeeded);
        if (f.failed > 0)
          this.add(t, lane, 'migrate_fail', WHOLE, WHOLE, TRACE_CAUSE.migratePages, raw, f.failed);
        return;
      }
      case 'sched_move_numa':
      case 'sched_stick_numa':
      case 'sched_swap_numa':
        this.add(t, 'scanner', 'numa_placement', WHOLE, WHOLE, TRACE_CAUSE[f.event], raw);
        return;
      case 'tlb_flush':
        // Only flushes that reach other CPUs; local ones (task switch) are counted by name.
        if (f.reason.startsWith('remote'))
          this.add(t, 'pte', 'host_tlb_flush', WHOLE, WHOLE, TRACE_CAUSE.tlbFlush, raw);
        return;
      case 'counted':
        return;
    }
  }

  /** A notifier span ends at its thread's last zap (or is a point when it zapped nothing). */
  private closeSpan(pid: number): void {
    const s = this.spans.get(pid);
    if (!s) return;
    this.spans.delete(pid);
    if (!s.ev) return;
    if (s.zapMax > s.zapMin) {
      s.ev.gfnStart = s.zapMin;
      s.ev.gfnEnd = s.zapMax;
    }
    if (s.tLast > s.ev.t) s.ev.dur = s.tLast - s.ev.t;
  }

  closeAllSpans(): void {
    for (const pid of [...this.spans.keys()]) this.closeSpan(pid);
  }

  exitReasonCounters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [r, n] of Object.entries(this.exitReasons)) out[`kvm_exit reason=${r}`] = n;
    return out;
  }
}
