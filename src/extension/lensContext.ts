// One context object owns the extension's disposables and shared services.
import * as vscode from 'vscode';
import { Config } from './config';
import { SimulationRunner, type SimulationOutcome } from './simulationRunner';
import { TimelinePanel, type TimelineHandlers } from './timelinePanel';
import type { RequestId, TimelineRun } from '../protocol/messages';
import type { SimulationRequest } from './simulationRequest';
import { openKernelFunction } from './sourceNavigation';
import { log } from './log';
import { bundledRealCounters } from '../core/oracle';
import { testEvent } from './testEvents';
import { variantRulesOf, whatIfVariant } from './whatIf';
import type { TreeDetection } from '../core/source/detect';
import type { SimulationResult } from '../protocol/simulation';
import type { Alignment, AlignMode } from '../core/trace';
import { detailWithTrace, type DetailReply } from './traceDetail';
import { TimelineRecorder, type ShownRequest } from './timelineRecord';
import { reviveTimeline } from './timelineRevival';

/** What runs the timeline's simulations: SimulationRunner's worker (testSeams may stand in for it). */
export type RunSimulation = Pick<SimulationRunner, 'run'>;

export class LensContext {
  readonly config = new Config();
  /** The worker; only an in-host test replaces it (replaceRunner(), ExtensionMode.Test only). */
  private simulationRunner: RunSimulation;
  /** The last run shown, so "Compare variants…" and "Export timeline…" know what to act on. */
  lastRequest: ShownRequest | undefined;
  /** What the timeline showed last and how to build it again, on disk (survives a window reload). */
  readonly recorder: TimelineRecorder;

  /** The last imported real trace ("Compare with simulation…" puts simulations beside it). */
  lastImport: { result: SimulationResult; paths: string[] } | undefined;
  /** The shown comparison of that trace with simulations, and how each simulation was aligned. */
  traceCompare: { real: SimulationResult; alignments: Alignment[]; mode: AlignMode } | undefined;

  /** What the core detected about the workspace tree (undefined: not a kernel tree). */
  treeDetection: TreeDetection | undefined;
  private readonly treeVariantChanged = new vscode.EventEmitter<void>();
  readonly onTreeVariantChanged = this.treeVariantChanged.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.simulationRunner = new SimulationRunner(extension.extensionPath);
    this.recorder = TimelineRecorder.of(extension);
    extension.subscriptions.push(this.treeVariantChanged);
  }

  get runner(): RunSimulation {
    return this.simulationRunner;
  }

  /**
   * Test seam (activate() exposes it in ExtensionMode.Test only, as `testSeams.replaceRunner`): runs
   * simulations with `stand` until the returned Disposable is disposed, so in-host tests decide when
   * and how each run ends.
   */
  replaceRunner(stand: RunSimulation): vscode.Disposable {
    const before = this.simulationRunner;
    this.simulationRunner = stand;
    return new vscode.Disposable(() => {
      if (this.simulationRunner === stand) this.simulationRunner = before;
    });
  }

  fireTreeVariantChanged(): void {
    this.treeVariantChanged.fire();
  }

  get subscriptions(): vscode.Disposable[] {
    return this.extension.subscriptions;
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  /** The page's requests (the panel's switch over page messages calls these). */
  readonly timelineHandlers: TimelineHandlers = {
    openSource: ({ ref }) => {
      void openKernelFunction(ref).catch((e) => log.error(`cannot open ${ref.file}:${ref.fn}`, e));
    },
    requestDetail: (msg, panel) => void this.simulateDetail(msg, panel),
    whatIf: ({ variant, rule, value }, panel) => void this.whatIf(variant, rule, value, panel),
    revived: (restored, panel) => void reviveTimeline(this, restored, panel),
  };

  /**
   * "Detail this window": re-runs the shown run's request with `window` [t0, t1) (ns) in the
   * worker and answers the page's request `requestId` with `detail`, or `detailError` (no run to
   * re-run, bad window, failure, cancelled). An answer for a run that is no longer shown is dropped;
   * one for a page that was hidden or reloaded meanwhile waits for the next page (TimelinePanel).
   */
  async simulateDetail(
    msg: { requestId: RequestId; t0: number; t1: number },
    panel: TimelinePanel,
  ): Promise<void> {
    const { t0, t1 } = msg;
    const ticket = panel.openDetail(msg);
    const reply: DetailReply = (answer) => panel.answerDetail(ticket, answer);
    if (panel.run?.results.some((r) => r.imported)) return detailWithTrace(this, t0, t1, panel, reply);
    const req = this.lastRequest;
    const shown = panel.run;
    const fail = (message: string): void => {
      log.warn(`detail [${t0}, ${t1}) ns: ${message}`);
      reply({ message });
    };
    if (!req || !shown)
      return fail('no simulation to re-run in this session: run it again, then detail a window');
    if (!Number.isFinite(t0) || !Number.isFinite(t1) || t0 < 0 || t1 <= t0) return fail('not a time window');
    const span = `${(t0 / 1e9).toFixed(3)}–${(t1 / 1e9).toFixed(3)} s`;
    log.info(`detail: re-simulating ${req.title} ${span} [${t0}, ${t1}) ns on ${req.variants.join(', ')}`);
    let outcome: SimulationOutcome | undefined;
    try {
      outcome = await this.runner.run(
        { ...req, window: { t0, t1 } },
        `MMU Notifier Lens: detailing ${req.title} ${span}`,
      );
    } catch (e) {
      log.error(`detail ${span} failed`, e);
      return fail(e instanceof Error ? e.message : String(e));
    }
    if (!outcome) return fail('cancelled');
    const events = outcome.results.reduce((n, r) => n + r.timeline.events.length, 0);
    log.info(`detail ${span}: ${events} events for ${outcome.results.length} variant(s)`);
    reply({ results: outcome.results });
  }

  /**
   * The rules panel's flip: re-runs the shown run with one more variant, `variant` with `rule` set
   * to `value` (a rule id such as `v6.1+kvmDeferNumaZap`), beside the others.
   */
  async whatIf(variant: unknown, rule: unknown, value: unknown, panel: TimelinePanel): Promise<void> {
    const req = this.lastRequest;
    const fail = (message: string): void => {
      log.warn(`what-if: ${message}`);
      panel.post({ type: 'error', message: `What-if: ${message}` });
    };
    if (!req) return fail('no simulation to re-run in this session: run it again, then flip a rule');
    if (
      typeof variant !== 'string' ||
      typeof rule !== 'string' ||
      !['string', 'boolean'].includes(typeof value)
    )
      return fail('not a rule flip');
    let id: string;
    try {
      id = whatIfVariant(req, variant, rule, value as string | boolean);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
    testEvent({ event: 'whatIf', variant: id });
    const shown = req.variants.indexOf(id);
    if (shown >= 0) {
      // Nothing new runs: answer the page, whose "Simulating…" line nothing else would clear.
      log.info(`what-if: ${id} is already shown; nothing to simulate`);
      return panel.post({
        type: 'notice',
        message: `What-if: ${id} is already on the timeline (variant ${shown + 1} of ${req.variants.length}); nothing new to simulate.`,
      });
    }
    log.info(`what-if: ${id} beside ${req.variants.join(', ')}`);
    const title = req.title.replace(/ · what-if .*$/, '');
    await this.simulateAndShow({
      ...req,
      variants: [...req.variants, id],
      title: `${title} · what-if ${rule}`,
    });
  }

  /**
   * Newer run wins: each run for the timeline (a simulation, an import, a comparison) takes a
   * ticket when it starts; when it ends it may show its result (or its error, or "cancelled") only
   * while its ticket is the newest. Run A started before run B never replaces B's result.
   */
  timelineTicket(): () => boolean {
    const ticket = ++this.timelineTickets;
    return () => ticket === this.timelineTickets;
  }
  private timelineTickets = 0;

  /** True once any timeline run started in this extension host (a revived page then has a newer one). */
  get timelineRunStarted(): boolean {
    return this.timelineTickets > 0;
  }

  /**
   * A timeline run failed: true when it is still the newest (the caller shows and rethrows the error),
   * false when a newer run started since. A superseded failure is not the user's concern any more: it
   * is logged only (no page error, no toast).
   */
  failureStillShown(isNewest: () => boolean, what: string, e: unknown): boolean {
    if (isNewest()) return true;
    log.warn(
      `${what}: failed after a newer run started; not shown: ${e instanceof Error ? e.message : String(e)}`,
    );
    return false;
  }

  /**
   * Runs a request in the worker and shows it in the timeline panel. Resolves undefined when it was
   * cancelled, or when a newer run started meanwhile (its result is then not shown).
   */
  simulateAndShow(request: ShownRequest): Promise<TimelineRun | undefined> {
    return this.showSimulation(withConfiguredDuration(request, this.config.durationS));
  }

  /** simulateAndShow() of a request as it is (the configured duration applied already, or not wanted). */
  async showSimulation(req: ShownRequest): Promise<TimelineRun | undefined> {
    const isNewest = this.timelineTicket();
    const panel = TimelinePanel.createOrShow(this.extensionUri, this.timelineHandlers);
    panel.post({ type: 'progress', message: `Simulating ${req.title}…` });
    let outcome;
    try {
      outcome = await this.runner.run(req, `MMU Notifier Lens: simulating ${req.title}`);
    } catch (e) {
      if (!this.failureStillShown(isNewest, req.title, e)) return undefined;
      panel.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    if (!isNewest()) {
      log.info(`${req.title}: ${outcome ? 'finished' : 'cancelled'} after a newer run started; not shown`);
      return undefined;
    }
    if (!outcome) {
      panel.post({ type: 'error', message: 'Simulation cancelled.' });
      return undefined;
    }
    this.lastRequest = req;
    const run: TimelineRun = {
      title: req.title,
      scenario: outcome.scenario,
      site: req.site,
      results: outcome.results,
    };
    const real = req.oracleCase !== undefined ? bundledRealCounters(req.oracleCase) : [];
    if (real.length) run.real = real;
    try {
      run.rules = variantRulesOf(req);
    } catch (e) {
      log.warn(`rules panel: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.recorder.save(run, { kind: 'simulate', request: req });
    panel.show(run);
    return run;
  }
}

/** `mmuNotifierLens.simulation.durationS` > 0 sets the simulated time of preset runs (lenses,
 * Simulate preset…, Compare…); a scenario file keeps its own `duration_s`. */
export function withConfiguredDuration<R extends SimulationRequest>(req: R, durationS: number): R {
  if (!(durationS > 0) || req.scenario !== undefined) return req;
  return { ...req, sets: [...(req.sets ?? []), `duration_s=${durationS}`] };
}
