// What an imported real trace carries besides its timeline and counters: where each number came
// from, what was not understood, and where. Shared by the core (which fills it), the CLI, the
// extension host and the timeline webview (counters table, tooltips). No `vscode`, no DOM.
import type { CounterName } from './simulation';

/**
 * Where a measured counter came from: ftrace events in the trace, /proc/vmstat deltas, KVM binary
 * stats, or exact tracepoint hit counts (ftrace hist triggers, in the oracle's results JSON).
 */
export type CounterSource = 'trace' | 'vmstat' | 'kvm_stats' | 'tracepoint';

export interface ImportedFile {
  path: string;
  kind: 'ftrace' | 'vmstat' | 'kvm_stats';
  /** ftrace only: "tracefs" (# tracer: …) or "trace-cmd" (cpus=N) header; undefined when headerless. */
  headerStyle?: 'tracefs' | 'trace-cmd';
  lines: number;
  bytes: number;
}

/** A line that could not be read: file:line, why, and the start of its text. */
export interface ImportProblem {
  file: string;
  line: number;
  message: string;
  text: string;
}

export interface ImportInfo {
  files: ImportedFile[];
  /** Event lines read, by event name (known events only). */
  eventCounts: Record<string, number>;
  /** Events the importer does not know, by name: counted and listed, not drawn. */
  unknownEvents: Record<string, number>;
  /** The first problems (at most MAX_PROBLEMS); `problemCount` has them all. */
  problems: ImportProblem[];
  problemCount: number;
  /** Which counters of `result.counters` were measured, and from what; the others are not known. */
  measured: Partial<Record<CounterName, CounterSource>>;
  /** Every counter delta under the kernel's own names: vmstat deltas, KVM stats deltas, kvm_exit reasons. */
  kernelCounters: Record<string, number>;
  /** Guest frame number of the timeline's address 0 (the traced region's first 2 MiB boundary). */
  gfnBase: number;
  /** Events with a guest address outside the drawn region (counted, not drawn). */
  outsideRegion: number;
  /** Events drawn one by one; beyond `maxEvents` they merge into time slots (timeline.aggregated). */
  keptEvents: number;
  /** Time of the first event (ns since boot) = t 0 on the timeline. */
  bootNsAtZero: number;
  /**
   * Things a reader must know about the numbers: e.g. the trace holds fewer events than the
   * tracepoint counted (a ring buffer too small, or tracing started late), so counts derived from
   * its events are partial.
   */
  warnings: string[];
  /** The oracle case that produced the trace (`case` of the harness's results JSON), to simulate it. */
  oracleCase?: { name: string; json: unknown };
}

export const MAX_PROBLEMS = 50;
