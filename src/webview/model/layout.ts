// Where everything sits on the canvas: the overview strip, the time axis, one group of lanes
// per variant (header, PTE, SPTE, notifier, scanner, vCPUs, counters strip). Lane heights
// shrink to fit the viewport down to a legible minimum; below that the page scrolls. DOM-free.
import type { LaneId } from '../../protocol/simulation';
import { laneRank, laneTitle } from './kinds';

export type LaneKind = 'pte' | 'spte' | 'events' | 'counters';

export interface LaneSpec {
  lane: LaneId | 'counters';
  kind: LaneKind;
  /** Kind codes drawn as rows (event lanes). */
  rows: number[];
}

export interface GroupSpec {
  title: string;
  lanes: LaneSpec[];
}

export interface LaneBox extends LaneSpec {
  group: number;
  title: string;
  y: number;
  h: number;
  /** Height of the state raster at the top of a PTE/SPTE lane (0 elsewhere); event rows follow it. */
  rasterH: number;
  rowH: number;
}

export interface GroupBox {
  title: string;
  y: number;
  headerH: number;
  h: number;
}

export interface Layout {
  width: number;
  height: number;
  gutter: number;
  plotX: number;
  plotW: number;
  narrow: boolean;
  overview: { y: number; h: number };
  axis: { y: number; h: number };
  groups: GroupBox[];
  lanes: LaneBox[];
}

const OVERVIEW_H = 26;
const AXIS_H = 22;
const HEADER_H = 20;
const GAP = 3;
const COUNTERS_H = 58;
const RIGHT_PAD = 8;

/** The lanes of one result: PTE, SPTE, notifier, scanner, every vCPU, extra lanes, counters. */
export function groupLanes(vcpus: number, eventRows: ReadonlyMap<LaneId, number[]>): LaneSpec[] {
  const ids = new Set<LaneId>(['notifier', 'scanner']);
  for (let v = 0; v < vcpus; v++) ids.add(`vcpu${v}`);
  for (const l of eventRows.keys()) if (l !== 'pte' && l !== 'spte') ids.add(l);
  const lanes: LaneSpec[] = [
    { lane: 'pte', kind: 'pte', rows: eventRows.get('pte') ?? [] },
    { lane: 'spte', kind: 'spte', rows: eventRows.get('spte') ?? [] },
  ];
  for (const l of [...ids].sort((a, b) => laneRank(a) - laneRank(b))) {
    lanes.push({ lane: l, kind: 'events', rows: eventRows.get(l) ?? [] });
  }
  lanes.push({ lane: 'counters', kind: 'counters', rows: [] });
  return lanes;
}

/**
 * Raster heights: 110 px for both PTE and SPTE at scale 1 (the SPTE lane needs as much room
 * as the PTE lane to tell 4K from 2M ranges); they shrink to 72 px and grow (up to 2×).
 */
function rasterHeight(l: LaneSpec, scale: number): number {
  if (l.kind === 'pte' || l.kind === 'spte') return Math.max(72, Math.round(110 * scale));
  return 0;
}

/** Event rows of the state lanes, notifier and scanner carry the key events (zaps, flushes,
 * numa_protect, invalidate spans): they keep a readable height however tight the page is. */
const KEY_ROW_H = 11;

function laneRowH(l: LaneSpec, rowH: number): number {
  return l.kind === 'pte' || l.kind === 'spte' || l.lane === 'notifier' || l.lane === 'scanner'
    ? Math.max(rowH, KEY_ROW_H)
    : rowH;
}

function desired(l: LaneSpec, rowH: number, scale: number): number {
  if (l.kind === 'counters') return COUNTERS_H;
  const rh = laneRowH(l, rowH);
  if (l.kind !== 'events') return rasterHeight(l, scale) + (l.rows.length ? l.rows.length * rh + 2 : 0);
  return Math.max(12, Math.max(1, l.rows.length) * rh + 4);
}

/** Lays out `groups` in a width × availableHeight viewport. */
export function computeLayout(groups: readonly GroupSpec[], width: number, availableHeight: number): Layout {
  const narrow = width < 720;
  const gutter = narrow ? 88 : 150;
  const top = OVERVIEW_H + AXIS_H + GAP;
  const total = (rowH: number, scale: number): number =>
    top +
    groups.reduce((s, g) => s + HEADER_H + g.lanes.reduce((t, l) => t + desired(l, rowH, scale) + GAP, 0), 0);
  // Shrink event rows first (the PTE/SPTE rasters matter most), then the rasters, until it
  // fits or everything is at its minimum; then grow the rasters into any spare height.
  let rowH = 11;
  let scale = 1;
  if (total(3, 0.35) > availableHeight) {
    // It cannot fit (many vCPUs, several variants): the page scrolls; keep lanes legible.
    rowH = 5;
  } else {
    while (total(rowH, scale) > availableHeight && rowH > 3) rowH--;
    while (total(rowH, scale) > availableHeight && scale > 0.35) scale -= 0.05;
  }
  while (scale < 2 && total(rowH, scale + 0.05) <= availableHeight) scale += 0.05;
  const lanes: LaneBox[] = [];
  const boxes: GroupBox[] = [];
  let y = top;
  groups.forEach((g, gi) => {
    const gy = y;
    y += HEADER_H;
    for (const l of g.lanes) {
      const h = desired(l, rowH, scale);
      const title = l.lane === 'counters' ? 'Counters' : laneTitle(l.lane, narrow);
      lanes.push({ ...l, group: gi, title, y, h, rasterH: rasterHeight(l, scale), rowH: laneRowH(l, rowH) });
      y += h + GAP;
    }
    boxes.push({ title: g.title, y: gy, headerH: HEADER_H, h: y - gy });
  });
  return {
    width,
    height: y,
    gutter,
    plotX: gutter,
    plotW: Math.max(40, width - gutter - RIGHT_PAD),
    narrow,
    overview: { y: 0, h: OVERVIEW_H },
    axis: { y: OVERVIEW_H, h: AXIS_H },
    groups: boxes,
    lanes,
  };
}

/** The lane under canvas y, or undefined. */
export function laneAtY(layout: Layout, y: number): LaneBox | undefined {
  for (const l of layout.lanes) if (y >= l.y && y < l.y + l.h) return l;
  return undefined;
}

/** The row (index into lane.rows) under canvas y in an events lane, or -1. */
export function rowAtY(lane: LaneBox, y: number): number {
  if (!lane.rows.length) return -1;
  const r = Math.floor((y - lane.y - lane.rasterH - 2) / lane.rowH);
  return r >= 0 && r < lane.rows.length ? r : -1;
}
