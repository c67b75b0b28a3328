// The page skeleton, built from script (the host writes only #app, canvas#timeline and the
// script tag; no inline styles or handlers, so the strict CSP holds).
import { KIND_INFO } from '../model/kinds';

export interface Dom {
  title: HTMLHeadingElement;
  subtitle: HTMLElement;
  /** "detailed 12.0–12.5 s" while a re-simulated window is shown; hidden otherwise. */
  detailNote: HTMLElement;
  status: HTMLElement;
  buttons: {
    zoomIn: HTMLButtonElement;
    zoomOut: HTMLButtonElement;
    reset: HTMLButtonElement;
    clear: HTMLButtonElement;
    /** "Detail this window": shown only for aggregated runs. */
    detail: HTMLButtonElement;
  };
  legend: HTMLElement;
  plot: HTMLElement;
  canvas: HTMLCanvasElement;
  tooltip: HTMLElement;
  message: HTMLElement;
  tables: HTMLElement;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
  parent?: HTMLElement,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  parent?.appendChild(e);
  return e;
}

function button(label: string, title: string, parent: HTMLElement): HTMLButtonElement {
  const b = el('button', 'mnl-button', label, parent);
  b.type = 'button';
  b.title = title;
  return b;
}

/** Legend entries: state colours of the two raster lanes, then the event kinds. */
const STATE_LEGEND: [string, string][] = [
  ['present', 'PTE present'],
  ['protnone', 'PTE PROT_NONE (NUMA hint)'],
  ['none', 'PTE none'],
  ['spte4k', 'SPTE 4K'],
  ['spte2m', 'SPTE 2M'],
  ['absent', 'SPTE absent'],
  ['guest', 'vCPU in guest mode'],
];

export function buildLegend(legend: HTMLElement, kinds: ReadonlySet<number>): void {
  legend.replaceChildren();
  // States are areas (square swatch); events are marks in a row (tick swatch).
  const item = (role: string, label: string, title: string, shape = ''): void => {
    const i = el('span', 'mnl-legend-item', undefined, legend);
    i.title = title;
    el('span', `mnl-swatch${shape} mnl-c-${role}`, undefined, i);
    el('span', undefined, label, i);
  };
  for (const [role, label] of STATE_LEGEND) item(role, label, label);
  KIND_INFO.forEach((k, code) => {
    if (kinds.has(code)) item(k.color, k.label, `${k.label}: ${k.fn}`, ' mnl-swatch-event');
  });
}

export function buildDom(): Dom {
  const app = document.getElementById('app') ?? el('div', undefined, undefined, document.body);
  app.id = 'app';
  const header = el('header', 'mnl-header', undefined, app);
  const titles = el('div', 'mnl-titles', undefined, header);
  const title = el('h1', 'mnl-title', 'MMU Notifier Lens — timeline', titles);
  title.id = 'mnl-title';
  const subtitle = el('div', 'mnl-subtitle', '', titles);
  const detailNote = el('div', 'mnl-detail-note', '', titles);
  detailNote.hidden = true;
  const toolbar = el('div', 'mnl-toolbar', undefined, header);
  const buttons = {
    zoomOut: button('−', 'Zoom out (-)', toolbar),
    zoomIn: button('+', 'Zoom in (+)', toolbar),
    reset: button('Reset', 'Show the whole run (0)', toolbar),
    clear: button('Clear A/B', 'Remove the A/B markers (Esc)', toolbar),
    detail: button(
      'Detail this window',
      'Aggregated runs merge events per time slot. Re-simulate the visible window in full detail (d)',
      toolbar,
    ),
  };
  buttons.detail.hidden = true;
  const status = el('span', 'mnl-status', '', toolbar);
  const help = el('div', 'mnl-help', undefined, app);
  help.textContent =
    'Wheel: zoom · Shift+wheel or drag: pan · keys + − ← → 0 · Alt+click or "a": marker A · Shift+click or "b": marker B · "d": detail this window (aggregated runs) · click an event: open its kernel function';
  const legend = el('div', 'mnl-legend', undefined, app);
  const plot = el('div', 'mnl-plot', undefined, app);
  const found = document.getElementById('timeline');
  const canvas = found instanceof HTMLCanvasElement ? found : el('canvas');
  canvas.id = 'timeline';
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Timeline of PTE, SPTE, notifier, scanner and vCPU events');
  plot.appendChild(canvas);
  const tooltip = el('div', 'mnl-tooltip', undefined, plot);
  tooltip.hidden = true;
  const message = el('div', 'mnl-message', 'Waiting for a simulation…', app);
  const tables = el('section', 'mnl-tables', undefined, app);
  return { title, subtitle, detailNote, status, buttons, legend, plot, canvas, tooltip, message, tables };
}
