// The timeline controller: owns the model, the view window, markers and hover; sizes the
// canvas to its container (ResizeObserver, devicePixelRatio) and paints on animation frames.
import type { TimelineRun } from '../../protocol/messages';
import type { EventKind } from '../../protocol/simulation';
import { formatCount } from '../../protocol/format';
import { hitTest, type Hit } from '../model/hitTest';
import { computeLayout, type Layout } from '../model/layout';
import type { DetailWindow } from '../model/detail';
import { buildRunModel, type RunModel } from '../model/runModel';
import { clampWindow, formatDuration, panWindow, zoomWindow, type ViewWindow } from '../model/timeScale';
import type { Palette } from '../render/palette';
import { drawExportHeader, exportHeaderHeight } from '../render/exportHeader';
import type { Painter } from '../render/painter';
import { drawScene } from '../render/scene';
import { SvgPainter } from '../render/svgPainter';
import { CanvasPainter } from './canvasPainter';
import type { Dom } from './dom';
import { readPalette } from './theme';

export interface FrameInfo {
  ms: number;
  bands: number;
  rects: number;
}

export class TimelineView {
  model: RunModel | undefined;
  layout: Layout | undefined;
  view: ViewWindow = { start: 0, end: 1 };
  markerA: number | undefined;
  markerB: number | undefined;
  hover: Hit | undefined;
  /** Draw times of recent frames (ms), read by the bench. */
  readonly frameTimes: number[] = [];
  private palette: Palette;
  private painter: CanvasPainter | undefined;
  private dpr = 1;
  private frame = 0;
  private cssW = 0;

  constructor(
    private readonly dom: Dom,
    /** Called after the view or markers changed (state persistence, tables, status). */
    private readonly onChange: (what: 'view' | 'markers') => void,
  ) {
    this.palette = readPalette();
    new ResizeObserver(() => this.resize()).observe(dom.plot);
    window.addEventListener('resize', () => this.resize());
  }

  load(run: TimelineRun, view?: ViewWindow, detail?: DetailWindow): RunModel {
    this.model = buildRunModel(run, detail);
    this.hover = undefined;
    this.view = clampWindow(
      view ?? { start: this.model.t0, end: this.model.t1 },
      this.model.t0,
      this.model.t1,
    );
    this.resize(false);
    return this.model;
  }

  themeChanged(): void {
    this.palette = readPalette();
    this.painter = undefined;
    this.request();
  }

  /** Sizes the canvas backing store to the container and the device pixel ratio. */
  resize(paint = true): void {
    const { canvas, plot } = this.dom;
    const width = Math.max(200, Math.floor(plot.clientWidth));
    const top = plot.getBoundingClientRect().top + window.scrollY;
    const avail = Math.max(320, window.innerHeight - top - 8);
    if (!this.model) return;
    this.layout = computeLayout(this.model.groups, width, avail);
    this.hover = undefined;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const h = Math.round(this.layout.height * dpr);
    if (canvas.width !== w || canvas.height !== h || dpr !== this.dpr || width !== this.cssW) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${this.layout.height}px`;
      this.dpr = dpr;
      this.cssW = width;
      this.painter = undefined;
    }
    if (paint) this.request();
  }

  request(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Draws now if a frame is pending (the bench uses it to time frames synchronously). */
  flush(): FrameInfo | undefined {
    if (!this.frame) return undefined;
    cancelAnimationFrame(this.frame);
    return this.draw();
  }

  draw(): FrameInfo | undefined {
    this.frame = 0;
    const { model, layout } = this;
    if (!model || !layout) return undefined;
    const t = performance.now();
    const ctx = this.dom.canvas.getContext('2d');
    if (!ctx) return undefined;
    this.painter ??= new CanvasPainter(ctx, this.dpr, this.palette.fontFamily);
    this.painter.beginFrame();
    const st = { view: this.view, markerA: this.markerA, markerB: this.markerB, hover: this.hover };
    const stats = drawScene(this.painter, model, layout, this.palette, st);
    const ms = performance.now() - t;
    this.frameTimes.push(ms);
    if (this.frameTimes.length > 2000) this.frameTimes.splice(0, 1000);
    const span = formatDuration(this.view.end - this.view.start);
    this.dom.status.textContent = `window ${span} · ${formatCount(stats.bands)} band segments · ${formatCount(stats.rects)} marks`;
    return { ms, ...stats };
  }

  setView(w: ViewWindow): void {
    if (!this.model) return;
    this.view = clampWindow(w, this.model.t0, this.model.t1);
    this.request();
    this.onChange('view');
  }

  zoom(factor: number, anchor = 0.5): void {
    if (this.model) this.setView(zoomWindow(this.view, factor, anchor, this.model.t0, this.model.t1));
  }

  pan(fraction: number): void {
    if (this.model) this.setView(panWindow(this.view, fraction, this.model.t0, this.model.t1));
  }

  reset(): void {
    if (this.model) this.setView({ start: this.model.t0, end: this.model.t1 });
  }

  setMarker(which: 'a' | 'b' | 'clear', t?: number): void {
    if (which === 'clear') this.markerA = this.markerB = undefined;
    else if (which === 'a') this.markerA = t;
    else this.markerB = t;
    this.request();
    this.onChange('markers');
  }

  hitAt(x: number, y: number): Hit | undefined {
    return this.model && this.layout ? hitTest(this.model, this.layout, this.view, x, y) : undefined;
  }

  /** Zooms to the events of a kind and/or whose cause chain names `fn`; returns how many matched. */
  focus(kind?: EventKind, fn?: string): number {
    if (!this.model) return 0;
    let lo = Infinity;
    let hi = -Infinity;
    let n = 0;
    for (const r of this.model.results) {
      for (const e of r.result.timeline.events) {
        if (kind && e.kind !== kind) continue;
        if (fn && !e.cause.some((c) => c.fn === fn)) continue;
        n++;
        lo = Math.min(lo, e.t);
        hi = Math.max(hi, e.t + (e.dur ?? 0));
      }
    }
    if (n) {
      const pad = Math.max((hi - lo) * 0.05, 1000);
      this.setView({ start: lo - pad, end: hi + pad });
    }
    return n;
  }

  /** The picture with a header (title, what ran, legend) for export; `p` sized by `size`. */
  private paintExport<P extends Painter>(make: (width: number, height: number) => P): P | undefined {
    if (!this.model || !this.layout) return undefined;
    const { model, layout } = this;
    const probe = make(layout.width, 1);
    const h = exportHeaderHeight(probe, layout.width, model, this.palette);
    const p = make(layout.width, layout.height + h);
    drawExportHeader(p, layout.width, model, this.palette);
    p.beginShift(h);
    drawScene(p, model, layout, this.palette, {
      view: this.view,
      markerA: this.markerA,
      markerB: this.markerB,
    });
    p.endShift();
    return p;
  }

  exportSvg(): string {
    const p = this.paintExport((w, h) => new SvgPainter(w, h, this.palette.fontFamily));
    return p ? p.toString() : '<svg xmlns="http://www.w3.org/2000/svg"/>';
  }

  exportPng(): string {
    const canvas = document.createElement('canvas');
    const dpr = this.dpr;
    this.paintExport((w, h) => {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      const painter = new CanvasPainter(canvas.getContext('2d')!, dpr, this.palette.fontFamily);
      painter.beginFrame();
      return painter;
    });
    return canvas.toDataURL('image/png');
  }
}
