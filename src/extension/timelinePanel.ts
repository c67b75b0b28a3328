// The timeline webview panel: one instance, strict CSP with a per-load nonce, a ready
// handshake (messages wait until the page says it is ready), state revived by a serializer.
// No retainContextWhenHidden: VS Code drops the page while the panel is hidden and loads it
// again when it is shown; the page redraws from its saved state and the host re-sends what the
// state lacks (its run, messages queued meanwhile, open export requests).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { HostToWebview, RequestId, TimelineRun, WebviewToHost } from '../protocol/messages';
import type { SimulationResult } from '../protocol/simulation';
import { PendingRequests, runKey, unhandledMessage, webviewMessageRefusal } from '../protocol/messages';
import { log } from './log';
import { testEvent } from './testEvents';

export { TIMELINE_VIEW_TYPE } from './ids';
import { TIMELINE_VIEW_TYPE } from './ids';

type PageMessage<T extends WebviewToHost['type']> = Extract<WebviewToHost, { type: T }>;

/** What the page asks of the extension beyond the panel itself (LensContext implements these). */
export interface TimelineHandlers {
  openSource(msg: PageMessage<'openSource'>): void;
  requestDetail(msg: PageMessage<'requestDetail'>, panel: TimelinePanel): void;
  whatIf(msg: PageMessage<'whatIf'>, panel: TimelinePanel): void;
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

  static createOrShow(extensionUri: vscode.Uri, handlers: TimelineHandlers): TimelinePanel {
    if (TimelinePanel.current) {
      TimelinePanel.current.panel.reveal(undefined, true);
      return TimelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'MMU Notifier Lens: Timeline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      TimelinePanel.options(extensionUri),
    );
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, handlers);
    return TimelinePanel.current;
  }

  /** For the WebviewPanelSerializer: the page restores its own run from getState(). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    handlers: TimelineHandlers,
  ): TimelinePanel {
    panel.webview.options = TimelinePanel.options(extensionUri);
    TimelinePanel.current?.dispose();
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, handlers);
    return TimelinePanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist'),
        vscode.Uri.joinPath(extensionUri, 'media'),
      ],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: TimelineHandlers,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = this.html();
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

  /**
   * Answers the page's `requestDetail` `requestId`, asked while `pageEpoch` was `epoch`, with
   * `detail` (results) or `detailError` (message); dropped when the page that asked is gone.
   */
  answerDetail(
    requestId: RequestId,
    epoch: number,
    answer: { results: SimulationResult[] } | { message: string },
  ): void {
    if (epoch !== this.pageEpoch || TimelinePanel.current !== this) {
      log.info(`detail reply ${requestId} dropped: the page that asked for it is gone`);
      return;
    }
    this.post(
      'results' in answer
        ? { type: 'detail', requestId, results: answer.results }
        : { type: 'detailError', requestId, message: answer.message },
    );
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
        this.handlers.requestDetail(m, this);
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
    for (const p of [...queued, ...exports]) void this.panel.webview.postMessage(p);
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

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'timeline.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${css}" nonce="${nonce}">
<title>MMU Notifier Lens</title></head>
<body><div id="app"></div><canvas id="timeline"></canvas>
<script nonce="${nonce}" src="${script}"></script></body></html>`;
  }

  dispose(): void {
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
