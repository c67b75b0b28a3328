// Test seam: what the extension tells its in-host tests, as one typed union. In
// ExtensionMode.Test activate() creates a TestEventLog and returns it on its API object
// (`{ testEvents }`); the suites read it through vscode.extensions.getExtension(id).exports.
// In any other mode nothing is created and testEvent() returns at once: production code
// emits nothing, writes no file and reads no environment variable for tests.
import * as vscode from 'vscode';
import type { ExportFormat } from '../protocol/messages';
import type { CounterName } from '../protocol/simulation';
import type { CounterSource } from '../protocol/traceImport';
import type { SeriesWorkerAnswer } from './seriesWorkerProtocol';
import type { RunSimulation } from './lensContext';

type SeriesResult = Omit<Extract<SeriesWorkerAnswer, { type: 'result' }>, 'type'>;

/** One thing that happened, in the extension's own vocabulary. */
export type TestEvent =
  /** activate() ran: start to providers registered. */
  | { event: 'activated'; ms: number }
  /** The timeline page posted 'ready' (its script runs). */
  | { event: 'webviewReady' }
  /** The timeline page drew a run and said so ('rendered'). */
  | { event: 'rendered'; lanes: number; bands: number; events: number; ms: number }
  /** The host told the timeline page to show an error (a failed or cancelled run, a bad what-if). */
  | { event: 'timelineError'; message: string }
  /** The rules panel asked for a what-if variant; `variant` is the id simulated beside the others. */
  | { event: 'whatIf'; variant: string }
  /** The workspace's kernel tree was probed (core/source/detect). */
  | { event: 'treeVariant'; variant: string; version: string | undefined }
  /** A patch series (mbox) was analysed against the tree, or could not be. */
  | ({ event: 'seriesVariant'; file: string } & (SeriesResult | { variant: null; error: string }))
  /** The timeline was written to a file. */
  | { event: 'exported'; format: ExportFormat; path: string; bytes: number }
  /** A cause-chain link opened the kernel function's definition at 1-based `line`. */
  | { event: 'openedSource'; file: string; fn: string; line: number }
  /** A cause-chain link named a path outside the tree (the page is not trusted with paths). */
  | { event: 'openSourceRefused'; file: string; reason: string }
  /** A command threw; the wrapper in commands.ts showed `message`. */
  | { event: 'commandFailed'; id: string; message: string }
  /** A trace (ftrace text, vmstat deltas, KVM stats) became the "real" run. */
  | {
      event: 'traceImported';
      events: number;
      problems: number;
      measured: Partial<Record<CounterName, CounterSource>>;
    }
  | { event: 'traceImportFailed'; message: string }
  /** The imported trace was simulated beside `variants` and aligned. */
  | { event: 'traceCompared'; variants: string[]; mode: string; alignment: string[] };

/** A TestEvent with the time it was emitted (Date.now()). */
export type StampedTestEvent = TestEvent & { at: number };

/** What activate() returns in ExtensionMode.Test as `testEvents`. */
export interface TestEventLog {
  /** Every event since activation, oldest first (for checks that come after the fact). */
  readonly history: readonly StampedTestEvent[];
  /** Fires for each new event. */
  readonly onDidEmit: vscode.Event<StampedTestEvent>;
}

/** What in-host tests may change, beside reading events (ExtensionMode.Test only). */
export interface TestSeams {
  /**
   * Runs the timeline's simulations (runs, details, what-ifs, comparisons) with `stand` instead of
   * the worker until the returned Disposable is disposed: the test decides when and how each ends.
   */
  replaceRunner(stand: RunSimulation): vscode.Disposable;
}

/** The object activate() resolves to (vscode.extensions.getExtension(id).exports). */
export interface MmuLensApi {
  /** Only when the extension runs in ExtensionMode.Test. */
  readonly testEvents?: TestEventLog;
  /** Only when the extension runs in ExtensionMode.Test. */
  readonly testSeams?: TestSeams;
}

let emitter: vscode.EventEmitter<StampedTestEvent> | undefined;
let history: StampedTestEvent[] = [];

/** Creates the test event log when (and only when) the extension host runs tests. */
export function startTestEvents(context: vscode.ExtensionContext): TestEventLog | undefined {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const fired = new vscode.EventEmitter<StampedTestEvent>();
  const seen: StampedTestEvent[] = [];
  [emitter, history] = [fired, seen];
  context.subscriptions.push(fired, { dispose: () => (emitter = undefined) });
  return { history: seen, onDidEmit: fired.event };
}

/** Emits `e` to the in-host tests; a no-op outside ExtensionMode.Test. */
export function testEvent(e: TestEvent): void {
  if (!emitter) return;
  const stamped: StampedTestEvent = { ...e, at: Date.now() };
  history.push(stamped);
  emitter.fire(stamped);
}
