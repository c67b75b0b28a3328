// The messages between the extension host and the timeline webview: one discriminated
// union each way, imported by both sides. No `any`.
import type { CounterName, SimulationResult, SourceRef, EventKind } from './simulation';
import type { RequestId } from './requestIds';

/** What the timeline shows: one or more variants of one scenario, on one time axis. */
export interface TimelineRun {
  title: string;
  scenario: string;
  /** The notifier call site the run was started from, if any. */
  site?: { file: string; line: number; fn: string; callee: string };
  results: SimulationResult[];
  /** Real kernels' counters for this scenario (a real-kernel oracle case's committed results). */
  real?: RealKernelCounters[];
  /** Each variant's rules with their citations, for the rules panel (what-if); absent on old runs. */
  rules?: RunVariantRules[];
}

/** One real kernel's measured counters (oracle/results/), in the simulator's counter names. */
export interface RealKernelCounters {
  /** Column label: 'real 6.1'. */
  label: string;
  /** The simulated variant that stands for this kernel ('v6.1'): its delta column is against it. */
  variant: string;
  /** The kernel's Debian package version (the results folder), e.g. '6.1.192-3'. */
  kernel: string;
  counters: Partial<Record<CounterName, number>>;
}

/** One variant's rules as the rules panel lists them; `choices` are the values a flip cycles through. */
export interface RunVariantRules {
  variant: string;
  rules: { rule: string; value: string | boolean; cite: string; choices: (string | boolean)[] }[];
}

export type ExportFormat = 'perfetto' | 'svg' | 'png' | 'text';

export type HostToWebview =
  /**
   * Show `run`. `restore`: it is the run the page showed before it was hidden or reloaded (the host
   * re-sends it when the page's saved state did not hold it): keep the saved view window and markers.
   */
  | { type: 'load'; run: TimelineRun; restore?: boolean }
  | { type: 'progress'; message: string; fraction?: number }
  | { type: 'error'; message: string }
  /**
   * A line that is neither progress nor an error: the host did what the page asked by doing nothing
   * new (a what-if flip to a variant the timeline already shows). Clears a progress line.
   */
  | { type: 'notice'; message: string }
  | { type: 'focus'; kind?: EventKind; fn?: string }
  /** Asks for an image of what the page shows; answered by `exported` with the same id. */
  | { type: 'export'; requestId: RequestId; format: 'svg' | 'png' }
  /** The answer to `requestDetail` `requestId`: the run's variants re-simulated over its window in full detail. */
  | { type: 'detail'; requestId: RequestId; results: SimulationResult[] }
  /** `requestDetail` `requestId` failed or was cancelled; the page keeps showing what it showed. */
  | { type: 'detailError'; requestId: RequestId; message: string }
  /**
   * An earlier page (hidden or reloaded since) asked for the shown run's window [t0, t1) in full
   * detail and the host still works on it or holds its answer: ask for it again (`requestDetail`).
   */
  | { type: 'resumeDetail'; t0: number; t1: number };

export type WebviewToHost =
  /** The page listens. `restored`: the runKey of the run it redrew from its saved state, if any. */
  | { type: 'ready'; restored?: string }
  | { type: 'rendered'; lanes: number; bands: number; events: number; ms: number }
  | { type: 'openSource'; ref: SourceRef }
  | { type: 'exported'; requestId: RequestId; format: 'svg' | 'png'; data: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  /** Re-simulate the shown run's window [t0, t1) (simulated ns) in full detail; answered under `requestId`. */
  | { type: 'requestDetail'; requestId: RequestId; t0: number; t1: number }
  /** What-if: re-run the shown run with one more variant, `variant` with `rule` set to `value`. */
  | { type: 'whatIf'; variant: string; rule: string; value: string | boolean };

/**
 * What tells two runs apart for the restore handshake: title, variants and sizes. The page sends the
 * key of the run it restored; the host re-sends its run when the keys differ.
 */
export function runKey(run: TimelineRun): string {
  const sizes = run.results.map(
    (r) =>
      `${r.variant}:${r.timeline.events.length}/${r.timeline.pteBands.length}/${r.timeline.spteBands.length}`,
  );
  return `${run.title}\n${run.scenario}\n${sizes.join(' ')}`.slice(0, 4096);
}

/** The guards: known type, well-formed fields, else a reason naming the type (webviewMessageGuard.ts). */
export { isWebviewToHost, webviewMessageRefusal, hostMessageRefusal } from './webviewMessageGuard';
/** Request/reply correlation (`export`, `requestDetail`): requestIds.ts. */
export { PendingRequests, type RequestId } from './requestIds';

/**
 * The `default:` of a switch over a message's `type` (or a field's values): a value without a `case` leaves `m` not
 * `never` and fails to compile. At run time (a message the guard let through) it throws.
 */
export function unhandledMessage(m: never): never {
  const what: unknown = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : m;
  throw new Error(`unhandled message type ${JSON.stringify(what)}`);
}
