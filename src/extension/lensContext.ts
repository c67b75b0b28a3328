// One context object owns the extension's disposables and shared services.
import * as vscode from 'vscode';
import { Config } from './config';
import { SimulationRunner } from './simulationRunner';
import { TimelinePanel, type TimelineHandlers } from './timelinePanel';
import type { TimelineRun, WebviewToHost } from '../protocol/messages';
import type { SimulationRequest } from './simulationRequest';
import { openKernelFunction } from './sourceNavigation';
import { log } from './log';
import type { TreeDetection } from '../core/source/detect';

export class LensContext {
  readonly config = new Config();
  readonly runner: SimulationRunner;
  /** The last run shown, so "Compare variants…" and "Export timeline…" know what to act on. */
  lastRequest: (SimulationRequest & { title: string; site?: TimelineRun['site'] }) | undefined;

  /** What the core detected about the workspace tree (undefined: not a kernel tree). */
  treeDetection: TreeDetection | undefined;
  private readonly treeVariantChanged = new vscode.EventEmitter<void>();
  readonly onTreeVariantChanged = this.treeVariantChanged.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.runner = new SimulationRunner(extension.extensionPath);
    extension.subscriptions.push(this.treeVariantChanged);
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

  readonly timelineHandlers: TimelineHandlers = {
    onMessage: (msg: WebviewToHost) => {
      if (msg.type === 'openSource') {
        void openKernelFunction(msg.ref).catch((e) =>
          log.error(`cannot open ${msg.ref.file}:${msg.ref.fn}`, e),
        );
      }
    },
  };

  /** Runs a request in the worker and shows it in the timeline panel. */
  async simulateAndShow(
    req: SimulationRequest & { title: string; site?: TimelineRun['site'] },
  ): Promise<TimelineRun | undefined> {
    const panel = TimelinePanel.createOrShow(this.extensionUri, this.timelineHandlers);
    panel.post({ type: 'progress', message: `Simulating ${req.title}…` });
    let outcome;
    try {
      outcome = await this.runner.run(req, `MMU Notifier Lens: simulating ${req.title}`);
    } catch (e) {
      panel.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      throw e;
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
    panel.show(run);
    return run;
  }
}
