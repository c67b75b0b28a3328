// The visible time window and its axis: zoom/pan math, clamping, 1-2-5 ticks with units,
// guest-address labels. DOM-free.

import { PAGE_SIZE } from '../../protocol/format';

export interface ViewWindow {
  /** Visible simulated time [start, end) in ns. */
  start: number;
  end: number;
}

/** Smallest visible span: 100 ns, so that zooming in never divides by zero. */
export const MIN_SPAN_NS = 100;

export function clampWindow(w: ViewWindow, t0: number, t1: number): ViewWindow {
  const full = Math.max(t1 - t0, MIN_SPAN_NS);
  let span = Math.min(Math.max(w.end - w.start, MIN_SPAN_NS), full);
  if (!Number.isFinite(span)) span = full;
  let start = Number.isFinite(w.start) ? w.start : t0;
  if (start < t0) start = t0;
  if (start + span > t0 + full) start = t0 + full - span;
  return { start, end: start + span };
}

/** Zoom by `factor` (>1 zooms in) keeping the time under `anchor` (0..1 of the width) fixed. */
export function zoomWindow(
  w: ViewWindow,
  factor: number,
  anchor: number,
  t0: number,
  t1: number,
): ViewWindow {
  const span = w.end - w.start;
  const at = w.start + span * anchor;
  const next = span / factor;
  return clampWindow({ start: at - next * anchor, end: at + next * (1 - anchor) }, t0, t1);
}

/** Pan by a fraction of the visible span (positive moves later in time). */
export function panWindow(w: ViewWindow, fraction: number, t0: number, t1: number): ViewWindow {
  const d = (w.end - w.start) * fraction;
  return clampWindow({ start: w.start + d, end: w.end + d }, t0, t1);
}

export function timeToX(t: number, w: ViewWindow, x0: number, width: number): number {
  return x0 + ((t - w.start) / (w.end - w.start)) * width;
}

export function xToTime(x: number, w: ViewWindow, x0: number, width: number): number {
  return w.start + ((x - x0) / width) * (w.end - w.start);
}

const UNITS: readonly [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/** A unit that suits a span: the largest whose value of `span` is at least 1. */
export function unitFor(spanNs: number): [number, string] {
  for (const u of UNITS) if (spanNs >= u[0]) return u;
  return UNITS[UNITS.length - 1];
}

/** toFixed without trailing zeros after the point: 1.50 → "1.5", 1000 → "1000". */
function trim(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** 1234567 → "1.234567 ms" (up to 6 decimals, trailing zeros dropped). */
export function formatNs(ns: number): string {
  const [div, name] = unitFor(Math.abs(ns) || 1);
  return `${trim(ns / div, 6)} ${name}`;
}

export interface AxisLabels {
  /** Text before the tick labels, e.g. "time (s)" or "time − 1.2 s (µs)". */
  title: string;
  /** Subtracted from each tick value before formatting. */
  base: number;
  format(v: number): string;
}

/**
 * Tick labels for ticks `step` apart in [start, end): absolute in the unit of the window's
 * end ("1.05 s") while that needs at most 3 decimals, else offsets from a round base in
 * the unit of the step ("+250 ns" after "time − 1.2 s").
 */
export function axisLabels(start: number, end: number, step: number): AxisLabels {
  const [div, name] = unitFor(Math.max(Math.abs(start), Math.abs(end), step));
  const digits = Math.max(0, Math.ceil(-Math.log10(step / div) - 1e-9));
  if (digits <= 3)
    return { title: `time (${name})`, base: 0, format: (v) => `${trim(v / div, digits)} ${name}` };
  const base = Math.floor(start / (step * 10)) * step * 10;
  const [sdiv, sname] = unitFor(step);
  const sdigits = Math.max(0, Math.ceil(-Math.log10(step / sdiv) - 1e-9));
  return {
    title: `time − ${formatNs(base)}`,
    base,
    format: (v) => `+${trim((v - base) / sdiv, sdigits)} ${sname}`,
  };
}

export function formatDuration(ns: number): string {
  const [div, name] = unitFor(Math.abs(ns) || 1);
  return `${trim(ns / div, ns / div >= 100 ? 0 : 2)} ${name}`;
}

/** A 1-2-5 step giving about `target` ticks over `span`. */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

export function ticks(start: number, end: number, target: number): { step: number; values: number[] } {
  const step = niceStep(end - start, target);
  const values: number[] = [];
  for (let v = Math.ceil(start / step) * step; v <= end + step * 1e-9 && values.length < 1000; v += step) {
    values.push(v);
  }
  return { step, values };
}

/** Guest frame number → "1.5 GiB" / "512 MiB" / "64 KiB" (4 KiB pages). */
export function formatGfnAddress(gfn: number): string {
  const bytes = gfn * PAGE_SIZE;
  if (bytes === 0) return '0';
  if (bytes >= 1 << 30) return `${trim(bytes / (1 << 30), 2)} GiB`;
  if (bytes >= 1 << 20) return `${trim(bytes / (1 << 20), 1)} MiB`;
  return `${trim(bytes / 1024, 0)} KiB`;
}

/** gfn range as reviewers write it: "gfn 0x40000–0x40200 (2 MiB)". */
export function formatGfnRange(gfnStart: number, gfnEnd: number): string {
  const size = formatGfnAddress(gfnEnd - gfnStart);
  return `gfn 0x${gfnStart.toString(16)}–0x${gfnEnd.toString(16)} (${size})`;
}
