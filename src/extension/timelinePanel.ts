// The timeline webview panel: one instance, strict CSP with a per-load nonce, a ready
// handshake (messages wait until the page says it is ready), state revived by a serializer.
// No retainContextWhenHidden: VS Code drops the page while the panel is hidden and loads it
// again when it is shown; the page redraws from its saved state and the host re-sends what the
// state lacks (its run, messages queued meanwhile, open export requests, and a "Detail this window"
// the hidden page asked for: the new page is told to ask for it again and gets the kept answer).
import * as vscode from 'vscode';
import type { HostToWebview, RequestId, TimelineRun, WebviewToHost } from '../protocol/messages';
import type { SimulationResult } from '../protocol/simulation';
import { PendingRequests, runKey, unhandledMessage, webviewMessageRefusal } from '../protocol/messages';
import { log } from './log';
import { testEvent } from './testEvents';
import { timelineHtml, timelineOptions } from './timelineHtml';

export { TIMELINE_VIEW_TYPE } from './ids';
import { TIMELINE_VIEW_TYPE } from './ids';

type PageMessage<T extends WebviewToHost['type']> = Extract<WebviewToHost, { type: T }>;

/** The host's answer to a `requestDetail`: the detailed results, or why there are none. */
export type DetailAnswer = { results: SimulationResult[] } | { message: string };

/**
 * A page's `requestDetail` as the host works on it: the page instance that asked (`epoch`), the run
 * shown then, the window, and the answer once it came while the page that asked was gone.
 */
interface DetailRequest {
  requestId: RequestId;
  epoch: number;
  run: TimelineRun | undefined;
  t0: number;
  t1: number;
  answer?: DetailAnswer;
}

/** What the page asks of the extension beyond the panel itself (LensContext implements these). */
export interface TimelineHandlers {
  openSource(msg: PageMessage<'openSource'>): void;
  requestDetail(msg: PageMessage<'requestDetail'>, panel: TimelinePanel): void;
  whatIf(msg: PageMessage<'whatIf'>, panel: TimelinePanel): void;
  /**
   * The first page of a panel revived after a window reload is ready, the host having shown nothing in
   * it yet: `restored` is the runKey of the run the page redrew from its saved state, if any.
   */
  revived(restored: string | undefined, panel: TimelinePanel): void;
}

export class TimelinePanel {
  static current: TimelinePanel | undefined;

  private ready = false;
  private pending: HostToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** Open `export` requests: each reply (`exported`) resolves its waiter; others are stale. */
  private readonly exports = new PendingRequests<{ format: 'svg' | 'png'; resolve(data: string): void }>();
  /**
   * Which page instance is live: bumped whenever the page (re)loads or is dropped (hidden). An
   * answer to a request of an earlier instance (`requestDetail`) is stale: the page that asked is gone.
   */
  pageEpoch = 0;
  run: TimelineRun | undefined;
  /** Open `requestDetail`s, under the host's own ids (page ids restart with each page instance). */
  private readonly details = new PendingRequests<DetailRequest>();
  /** Revived by the serializer and its page not ready yet: the host has to check what the page restored. */
  private revivedPage = false;

  static createOrShow(extensionUri: vscode.Uri, handlers: TimelineHandlers): TimelinePanel {
    if (TimelinePanel.current) {
      TimelinePanel.current.panel.reveal(undefined, true);
      return TimelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'MMU Notifier Lens: Timeline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      timelineOptions(extensionUri),
    );
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, handlers);
    return TimelinePanel.current;
  }

  /**
   * For the WebviewPanelSerializer: the page restores its own run from getState(); when it is ready,
   * `handlers.revived` checks that run against the one the host recorded as shown last.
   */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    handlers: TimelineHandlers,
  ): TimelinePanel {
    panel.webview.options = timelineOptions(extensionUri);
    TimelinePanel.current?.dispose();
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, handlers);
    TimelinePanel.current.revivedPage = true;
    return TimelinePanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly handlers: TimelineHandlers,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = timelineHtml(panel.webview, extensionUri);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), null, this.disposables);
    panel.onDidChangeViewState(() => this.visibilityChanged(), null, this.disposables);
  }

  /** Hidden: VS Code drops the page; messages wait in `pending` until the next page is ready. */
  private visibilityChanged(): void {
    if (this.panel.visible || !this.ready) return;
    this.ready = false;
    this.pageEpoch++;
  }

  show(run: TimelineRun): void {
    this.run = run;
    // Details of the run shown before are of no use now: their answers are dropped.
    this.details.clear();
    this.panel.title = `MMU Notifier Lens: ${run.title}`;
    this.post({ type: 'load', run });
  }

  post(msg: HostToWebview): void {
    if (msg.type === 'error') testEvent({ event: 'timelineError', message: msg.message });
    if (this.ready) void this.panel.webview.postMessage(msg);
    else {
      // A newer run supersedes a queued one (no need to hold two runs while the page is hidden).
      if (msg.type === 'load') this.pending = this.pending.filter((p) => p.type !== 'load');
      this.pending.push(msg);
    }
  }

  /** Opens the host's record of the page's `requestDetail`; answer it with answerDetail(ticket, …). */
  openDetail(m: { requestId: RequestId; t0: number; t1: number }): RequestId {
    const { requestId, t0, t1 } = m;
    return this.details.start({ requestId, epoch: this.pageEpoch, run: this.run, t0, t1 });
  }

  /**
   * Answers the `requestDetail` opened as `ticket` with `detail` (results) or `detailError`
   * (message). Dropped when another run is shown now or the panel is gone. When the page that
   * asked was hidden or reloaded meanwhile, the answer is kept: the next page is told to ask for
   * that window again (`resumeDetail`) and gets it then.
   */
  answerDetail(ticket: RequestId, answer: DetailAnswer): void {
    const d = this.details.get(ticket);
    if (!d) return log.info(`detail reply dropped: another run or another detail was asked for since`);
    if (TimelinePanel.current !== this || d.run !== this.run) {
      this.details.take(ticket);
      return log.info(`detail reply ${d.requestId} dropped: the timeline shows another run now`);
    }
    if (d.epoch !== this.pageEpoch) {
      d.answer = answer;
      return log.info(
        `detail reply kept: the timeline page that asked for it was hidden or reloaded; the next page asks again`,
      );
    }
    this.details.take(ticket);
    this.post(
      'results' in answer
        ? { type: 'detail', requestId: d.requestId, results: answer.results }
        : { type: 'detailError', requestId: d.requestId, message: answer.message },
    );
  }

  /**
   * The page's `requestDetail` m, if it asks again for a window an earlier page asked for (after
   * `resumeDetail`): that request now answers m (at once if its answer was kept). Any other
   * request of an earlier page is superseded. False when m is a new request.
   */
  private resumeDetail(m: PageMessage<'requestDetail'>): boolean {
    const earlier = this.details.entries().filter(([, d]) => d.epoch !== this.pageEpoch);
    const same = earlier.find(([, d]) => d.t0 === m.t0 && d.t1 === m.t1 && d.run === this.run);
    for (const [ticket] of earlier) if (ticket !== same?.[0]) this.details.take(ticket);
    if (!same) return false;
    const [ticket, d] = same;
    Object.assign(d, { requestId: m.requestId, epoch: this.pageEpoch });
    log.info(`detail request ${m.requestId} resumes the one asked for before the page was hidden`);
    if (d.answer) this.answerDetail(ticket, d.answer);
    return true;
  }

  /**
   * Asks the page for an SVG or PNG (data URL) of what it shows, revealing a hidden panel (the page
   * must be loaded to draw). Sent now if the page is ready, else (again) by the next `ready`.
   */
  requestExport(format: 'svg' | 'png'): Promise<string> {
    if (!this.panel.visible) this.panel.reveal(undefined, true);
    return new Promise((resolve, reject) => {
      const requestId = this.exports.start({
        format,
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
      });
      const timer = setTimeout(() => {
        this.exports.take(requestId);
        reject(new Error(`the timeline did not answer the ${format} export within 20 s`));
      }, 20000);
      if (this.ready) void this.panel.webview.postMessage({ type: 'export', requestId, format });
    });
  }

  /** Every page message goes through here: the guard, then one case per type. */
  private receive(raw: unknown): void {
    const refused = webviewMessageRefusal(raw);
    if (refused) {
      log.warn(`timeline: dropped a page message: ${refused}`);
      return;
    }
    const m = raw as WebviewToHost;
    switch (m.type) {
      case 'ready':
        this.pageReady(m.restored);
        break;
      case 'rendered':
        testEvent({ event: 'rendered', lanes: m.lanes, bands: m.bands, events: m.events, ms: m.ms });
        log.info(`timeline rendered: ${m.lanes} lanes, ${m.bands} bands, ${m.events} events in ${m.ms} ms`);
        break;
      case 'exported': {
        const waiter = this.exports.take(m.requestId);
        if (waiter) waiter.resolve(m.data);
        else log.warn(`timeline: dropped ${m.format} export reply ${m.requestId}: no such request pending`);
        break;
      }
      case 'log':
        this.logPageMessage(m);
        break;
      case 'openSource':
        this.handlers.openSource(m);
        break;
      case 'requestDetail':
        if (!this.resumeDetail(m)) this.handlers.requestDetail(m, this);
        break;
      case 'whatIf':
        this.handlers.whatIf(m, this);
        break;
      default:
        unhandledMessage(m);
    }
  }

  /**
   * A new page instance listens (first load, shown again, reloaded): it gets the host's run unless
   * it redrew that run from its saved state, then the queued messages and the open export requests
   * (any earlier page that got them is gone).
   */
  private pageReady(restored: string | undefined): void {
    this.ready = true;
    this.pageEpoch++;
    testEvent({ event: 'webviewReady' });
    const queued = this.pending.splice(0);
    if (this.run && !queued.some((p) => p.type === 'load') && restored !== runKey(this.run)) {
      log.info(`timeline page reloaded without ${this.run.title}: sending it again`);
      queued.unshift({ type: 'load', run: this.run, restore: true });
    }
    const exports = this.exports.entries().map(([requestId, { format }]): HostToWebview => {
      return { type: 'export', requestId, format };
    });
    // The newest detail an earlier page asked for on this run (still running, or its answer kept).
    const detail = this.details
      .entries()
      .map(([, d]) => d)
      .filter((d) => d.epoch !== this.pageEpoch && d.run === this.run)
      .pop();
    const resume: HostToWebview[] = detail ? [{ type: 'resumeDetail', t0: detail.t0, t1: detail.t1 }] : [];
    for (const p of [...queued, ...exports, ...resume]) void this.panel.webview.postMessage(p);
    if (this.revivedPage) {
      this.revivedPage = false;
      if (!this.run) this.handlers.revived(restored, this);
    }
  }

  /** The page's own log lines, at the page's level (errors also reveal the channel). */
  private logPageMessage(m: PageMessage<'log'>): void {
    const line = `timeline: ${m.message}`;
    switch (m.level) {
      case 'info':
        return log.info(line);
      case 'warn':
        return log.warn(line);
      case 'error':
        return log.error(line);
      default:
        unhandledMessage(m.level);
    }
  }

  dispose(): void {
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
