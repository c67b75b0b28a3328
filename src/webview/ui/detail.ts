// "Detail this window" (button, key d): for an aggregated run, asks the host to re-simulate
// the visible window in full detail (`requestDetail`), then shows that window on its own
// (`detail`), with "detailed 12.0–12.5 s" in the header and body[data-detail="1"]. Reset
// (button, key 0) goes back to the aggregated overview of the whole run. One request at a time,
// correlated by its request id (protocol/requestIds.ts): an answer to any other id is stale.
import { PendingRequests, type HostToWebview, type TimelineRun } from '../../protocol/messages';
import {
  detailedRun,
  detailWindowFor,
  formatDetailWindow,
  isAggregatedRun,
  type DetailWindow,
} from '../model/detail';
import { buildLegend, type Dom } from './dom';
import { renderTables } from './tables';
import type { TimelineView } from './timelineView';
import { post } from './vscodeApi';

type DetailMessage = Extract<HostToWebview, { type: 'detail' }>;
type DetailErrorMessage = Extract<HostToWebview, { type: 'detailError' }>;

const LABEL = 'Detail this window';

export class DetailController {
  /** The aggregated run as loaded; what Reset returns to. */
  private base: TimelineRun | undefined;
  /** The open request (at most one) and the window it asked for. */
  private readonly requests = new PendingRequests<DetailWindow>();
  private shown: DetailWindow | undefined;

  constructor(
    private readonly dom: Dom,
    private readonly view: TimelineView,
  ) {}

  /** A run was loaded (or restored from state): no detail, button only for aggregated runs. */
  loaded(run: TimelineRun): void {
    this.base = run;
    this.requests.clear();
    this.shown = undefined;
    delete document.body.dataset.detail;
    this.dom.detailNote.hidden = true;
    this.dom.detailNote.textContent = '';
    this.updateButton();
  }

  /**
   * Asks the host for window `w` (default: the visible window) in full detail; false when there is
   * nothing to ask.
   */
  request(w?: DetailWindow, why = ''): boolean {
    const model = this.view.model;
    if (!this.base || !model || this.requests.size || !isAggregatedRun(model.run)) return false;
    const asked = w ?? detailWindowFor(this.view.view);
    const requestId = this.requests.start(asked);
    this.note(`re-simulating ${formatDetailWindow(asked).replace(/^detailed /, '')} in full detail${why}…`);
    this.updateButton();
    post({ type: 'requestDetail', requestId, t0: asked.t0, t1: asked.t1 });
    return true;
  }

  /**
   * The host says an earlier page (hidden or reloaded since) asked for window `w` of this run: ask
   * again, so its answer (kept or still to come) is shown here. Not when this page asked already.
   */
  resume(w: DetailWindow): void {
    if (this.shown || this.requests.size) {
      const message = `resumeDetail ${w.t0}–${w.t1} ns: this page asked for a detail itself, not resumed`;
      post({ type: 'log', level: 'info', message });
      return;
    }
    this.request(w, ' (asked for before the timeline was hidden)');
  }

  /** The host's answer: draws the window its request asked for (stale answers are dropped). */
  answer(m: DetailMessage): void {
    const w = this.requests.take(m.requestId);
    if (!this.base || !w) return this.stale(m);
    const started = performance.now();
    let run: TimelineRun;
    try {
      run = detailedRun(this.base, m.results);
    } catch (e) {
      this.showFailure(w, e instanceof Error ? e.message : String(e));
      return;
    }
    this.shown = w;
    this.paint(run, w);
    const label = formatDetailWindow(w);
    const agg = run.results.some((r) => r.timeline.aggregated) ? ' (event cap reached: partly merged)' : '';
    this.note(`${label}${agg} · re-simulated in full detail · Reset: back to the aggregated overview`);
    this.updateButton();
    document.body.dataset.detail = '1';
    const { events, bands } = this.view.model?.totals ?? { events: 0, bands: 0 };
    const ms = Math.round(performance.now() - started);
    post({ type: 'log', level: 'info', message: `${label}: ${events} events, ${bands} bands in ${ms} ms` });
  }

  /** The host could not answer (failed, cancelled): the request's window stays as it was. */
  failed(m: DetailErrorMessage): void {
    const w = this.requests.take(m.requestId);
    if (!w) return this.stale(m);
    this.showFailure(w, m.message);
  }

  private showFailure(w: DetailWindow, message: string): void {
    this.note(`detail ${formatDetailWindow(w).replace(/^detailed /, '')} failed: ${message}`, true);
    this.updateButton();
  }

  /** An answer to a request that is not open (answered, reset, another run loaded, another page). */
  private stale(m: DetailMessage | DetailErrorMessage): void {
    const message = `${m.type} for request ${m.requestId}: no such request pending (stale), dropped`;
    post({ type: 'log', level: 'warn', message });
  }

  /** Reset: from a detailed window (or a pending request) back to the aggregated run, whole. */
  reset(): void {
    if (!this.base || (!this.shown && !this.requests.size)) {
      this.view.reset();
      return;
    }
    const base = this.base;
    this.paint(base, undefined);
    this.loaded(base);
    document.body.dataset.detail = '0';
  }

  private paint(run: TimelineRun, w: DetailWindow | undefined): void {
    const model = this.view.load(run, undefined, w);
    const kinds = new Set<number>();
    for (const r of model.results) for (const ix of r.lanes.values()) for (const c of ix.rows) kinds.add(c);
    buildLegend(this.dom.legend, kinds);
    this.view.resize(false);
    this.view.draw();
    // Persists the view (the state keeps the aggregated run) and lets the page refresh its tables.
    this.view.setView(this.view.view);
    renderTables(this.dom.tables, model, this.view.markerA, this.view.markerB);
  }

  private note(text: string, error = false): void {
    this.dom.detailNote.textContent = text;
    this.dom.detailNote.classList.toggle('mnl-error', error);
    this.dom.detailNote.hidden = false;
  }

  private updateButton(): void {
    const b = this.dom.buttons.detail;
    b.hidden = !isAggregatedRun(this.view.model?.run);
    const pending = this.requests.size > 0;
    b.disabled = pending;
    b.textContent = pending ? 'Detailing…' : LABEL;
  }
}
