// The timeline page (browser bundle dist/webview.js). The host writes only
// `<div id="app"></div><canvas id="timeline"></canvas>` and this script; everything else is
// built here. Handshake: post 'ready' (body[data-ready=1]); on 'load' draw, set
// body[data-rendered=1] and post 'rendered'. State (run + view + markers) survives reload.
import type { HostToWebview, TimelineRun } from '../protocol/messages';
import { hostMessageRefusal, runKey, unhandledMessage } from '../protocol/messages';
import type { SourceRef } from '../protocol/simulation';
import { DetailController } from './ui/detail';
import { buildDom, buildLegend } from './ui/dom';
import { attachInteraction } from './ui/interaction';
import { renderTables } from './ui/tables';
import { renderRulesPanel } from './ui/rulesPanel';
import { el } from './ui/dom';
import { watchTheme } from './ui/theme';
import { TimelineView } from './ui/timelineView';
import { Tooltip } from './ui/tooltip';
import { answerAsksForView } from './ui/probeSeam';
import { flushState, loadState, post, saveState } from './ui/vscodeApi';
import type { ViewWindow } from './model/timeScale';

const dom = buildDom();
/** The rules panel (what-if) sits under the tables. */
const rulesRoot = el('section', 'mnl-rules-root', undefined, dom.tables.parentElement ?? document.body);
const openSource = (ref: SourceRef): void =>
  post({ type: 'openSource', ref: { file: ref.file, fn: ref.fn } });
const tooltip = new Tooltip(dom.tooltip, openSource);
let run: TimelineRun | undefined;

const view = new TimelineView(dom, (what) => {
  saveState(run, { view: view.view, markerA: view.markerA, markerB: view.markerB });
  if (what === 'markers' && view.model) renderTables(dom.tables, view.model, view.markerA, view.markerB);
});
const detail = new DetailController(dom, view);
attachInteraction(dom, view, tooltip, openSource, {
  detail: () => detail.request(),
  reset: () => detail.reset(),
});
watchTheme(() => view.themeChanged());

function show(next: TimelineRun, restore?: { view?: ViewWindow; markerA?: number; markerB?: number }): void {
  const started = performance.now();
  document.body.dataset.rendered = '0';
  run = next;
  dom.message.hidden = true;
  dom.title.textContent = next.title;
  const site = next.site
    ? ` · ${next.site.file}:${next.site.line} ${next.site.fn}() → ${next.site.callee}`
    : '';
  const variants = next.results.map((r) => r.variant).join(' vs ');
  dom.subtitle.textContent = `${next.scenario} · ${variants}${site}`;
  view.markerA = restore?.markerA;
  view.markerB = restore?.markerB;
  const model = view.load(next, restore?.view);
  detail.loaded(next);
  const kinds = new Set<number>();
  for (const r of model.results) for (const ix of r.lanes.values()) for (const c of ix.rows) kinds.add(c);
  buildLegend(dom.legend, kinds);
  view.resize(false);
  view.draw();
  const ms = Math.round(performance.now() - started);
  document.body.dataset.rendered = '1';
  const { lanes, bands, events } = model.totals;
  post({ type: 'rendered', lanes, bands, events, ms });
  saveState(run, { view: view.view, markerA: view.markerA, markerB: view.markerB });
  // The tables are not needed for the first paint.
  setTimeout(() => {
    renderTables(dom.tables, model, view.markerA, view.markerB);
    renderRulesPanel(rulesRoot, next, (variant, rule, value) => {
      showMessage(`Simulating ${variant} with ${rule} = ${String(value)} beside the others…`, 'progress');
      post({ type: 'whatIf', variant, rule, value });
    });
  }, 0);
}

function showMessage(text: string, kind: 'progress' | 'error' | 'notice'): void {
  dom.message.hidden = false;
  dom.message.textContent = text;
  dom.message.classList.toggle('mnl-error', kind === 'error');
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'load':
      show(m.run, m.restore ? saved : undefined);
      break;
    case 'progress':
      showMessage(
        m.fraction === undefined ? m.message : `${m.message} (${Math.round(m.fraction * 100)}%)`,
        'progress',
      );
      break;
    case 'error':
      showMessage(m.message, 'error');
      break;
    case 'notice':
      showMessage(m.message, 'notice');
      break;
    case 'focus': {
      const n = view.focus(m.kind, m.fn);
      if (!n)
        post({ type: 'log', level: 'warn', message: `focus: no ${m.kind ?? ''} event ${m.fn ?? ''}`.trim() });
      break;
    }
    case 'detail':
      detail.answer(m);
      break;
    case 'detailError':
      detail.failed(m);
      break;
    case 'resumeDetail':
      detail.resume({ t0: m.t0, t1: m.t1 });
      break;
    case 'export':
      post({
        type: 'exported',
        requestId: m.requestId,
        format: m.format,
        data: m.format === 'svg' ? view.exportSvg() : view.exportPng(),
      });
      break;
    default:
      unhandledMessage(m);
  }
}

window.addEventListener('message', (ev: MessageEvent<unknown>) => {
  const refused = hostMessageRefusal(ev.data);
  if (refused) {
    post({ type: 'log', level: 'warn', message: `dropped a host message: ${refused}` });
    return;
  }
  try {
    handle(ev.data as HostToWebview);
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    post({ type: 'log', level: 'error', message });
  }
});

// The page is rebuilt whenever the panel becomes visible again (no retainContextWhenHidden) and after
// a reload: it redraws the saved run itself and tells the host which run that was; the host re-sends
// its run when the state did not hold it (too large to persist) or holds an older one.
const saved = loadState();
if (saved?.run) show(saved.run, saved);
else if (saved?.runTitle) dom.title.textContent = saved.runTitle;
// VS Code drops a hidden webview: save the state now rather than after the debounce.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flushState();
});
window.addEventListener('pagehide', () => flushState());
document.body.dataset.ready = '1';
post({ type: 'ready', restored: saved?.run ? runKey(saved.run) : undefined });
// The test-only probe (dist/webviewTestProbe.js) and the bench page ask for the view; nothing
// is put on `window`.
answerAsksForView(view);
