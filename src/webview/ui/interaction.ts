// Pointer and keyboard: wheel zoom (Shift/horizontal wheel pans), drag to pan, drag or click
// in the overview to move the window, Alt/Shift+click or a/b for markers, click an event to
// open its kernel function, + − ← → 0 d Esc on the keyboard (d and Reset via `hooks`).
import type { SourceRef } from '../../protocol/simulation';
import { xToTime } from '../model/timeScale';
import type { Dom } from './dom';
import type { TimelineView } from './timelineView';
import type { Tooltip } from './tooltip';

/** Page-level actions the toolbar and keys trigger besides the view's own. */
export interface InteractionHooks {
  /** "Detail this window" / "d": returns false when there is nothing to detail. */
  detail?(): boolean;
  /** Reset / "0": replaces the view's reset (e.g. to leave a detailed window). */
  reset?(): void;
}

export function attachInteraction(
  dom: Dom,
  tv: TimelineView,
  tip: Tooltip,
  open: (ref: SourceRef) => void,
  hooks: InteractionHooks = {},
): void {
  const reset = (): void => (hooks.reset ? hooks.reset() : tv.reset());
  const canvas = dom.canvas;
  let lastX = -1;
  let drag: { x: number; start: number; end: number; overview: boolean; moved: boolean } | undefined;

  const local = (e: MouseEvent): { x: number; y: number } => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const timeAt = (x: number): number | undefined => {
    const l = tv.layout;
    if (!l || x < l.plotX || x > l.plotX + l.plotW) return undefined;
    return xToTime(x, tv.view, l.plotX, l.plotW);
  };
  const inOverview = (y: number): boolean => !!tv.layout && y < tv.layout.overview.y + tv.layout.overview.h;
  const centerOverviewAt = (x: number): void => {
    const l = tv.layout;
    const m = tv.model;
    if (!l || !m) return;
    const t = xToTime(x, { start: m.t0, end: m.t1 }, l.plotX, l.plotW);
    const half = (tv.view.end - tv.view.start) / 2;
    tv.setView({ start: t - half, end: t + half });
  };

  canvas.addEventListener(
    'wheel',
    (e) => {
      if (e.altKey || !tv.layout) return; // Alt+wheel scrolls the page.
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const { x } = local(e);
      const l = tv.layout;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = (e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX) * unit;
        tv.pan(d / l.plotW);
      } else {
        const anchor = Math.min(1, Math.max(0, (x - l.plotX) / l.plotW));
        tv.zoom(Math.exp(-e.deltaY * unit * 0.002), anchor);
      }
    },
    { passive: false },
  );

  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || !tv.layout) return;
    const { x, y } = local(e);
    const overview = inOverview(y);
    drag = { x, start: tv.view.start, end: tv.view.end, overview, moved: false };
    if (overview) centerOverviewAt(x);
    canvas.setPointerCapture(e.pointerId);
  });

  canvas.addEventListener('pointermove', (e) => {
    const { x, y } = local(e);
    lastX = x;
    const l = tv.layout;
    if (drag && l && e.buttons & 1) {
      if (Math.abs(x - drag.x) > 3) drag.moved = true;
      if (drag.overview) centerOverviewAt(x);
      else if (drag.moved) {
        const dt = ((x - drag.x) / l.plotW) * (drag.end - drag.start);
        tv.setView({ start: drag.start - dt, end: drag.end - dt });
      }
      tip.hide();
      return;
    }
    const hit = tv.hitAt(x, y);
    if (hit !== tv.hover) {
      tv.hover = hit;
      tv.request();
    }
    canvas.classList.toggle('mnl-pointer', hit?.type === 'event');
    if (hit) tip.show(tv.model!, hit, x, y, dom.plot.getBoundingClientRect());
    else tip.hideSoon();
  });

  canvas.addEventListener('pointerleave', () => {
    tv.hover = undefined;
    tv.request();
    tip.hideSoon();
  });

  canvas.addEventListener('pointerup', (e) => {
    const d = drag;
    drag = undefined;
    if (!d || d.moved || d.overview) return;
    const { x, y } = local(e);
    const t = timeAt(x);
    if (e.altKey && t !== undefined) tv.setMarker('a', t);
    else if (e.shiftKey && t !== undefined) tv.setMarker('b', t);
    else {
      const hit = tv.hitAt(x, y);
      if (hit?.type === 'event') {
        const cause = tv.model!.results[hit.group].result.timeline.events[hit.event].cause;
        if (cause.length) open(cause[cause.length - 1]);
      }
    }
  });

  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey) return;
    const t = timeAt(lastX) ?? (tv.view.start + tv.view.end) / 2;
    const handled = (() => {
      switch (e.key) {
        case '+':
        case '=':
          tv.zoom(1.5);
          return true;
        case '-':
        case '_':
          tv.zoom(1 / 1.5);
          return true;
        case 'ArrowLeft':
          tv.pan(e.shiftKey ? -1 : -0.2);
          return true;
        case 'ArrowRight':
          tv.pan(e.shiftKey ? 1 : 0.2);
          return true;
        case '0':
          reset();
          return true;
        case 'd':
        case 'D':
          return hooks.detail?.() ?? false;
        case 'a':
        case 'A':
          tv.setMarker('a', t);
          return true;
        case 'b':
        case 'B':
          tv.setMarker('b', t);
          return true;
        case 'Escape':
          tip.hide();
          tv.setMarker('clear');
          return true;
        default:
          return false;
      }
    })();
    if (handled) e.preventDefault();
  });

  dom.buttons.zoomIn.addEventListener('click', () => tv.zoom(1.5));
  dom.buttons.zoomOut.addEventListener('click', () => tv.zoom(1 / 1.5));
  dom.buttons.reset.addEventListener('click', reset);
  dom.buttons.detail.addEventListener('click', () => hooks.detail?.());
  dom.buttons.clear.addEventListener('click', () => tv.setMarker('clear'));
}
