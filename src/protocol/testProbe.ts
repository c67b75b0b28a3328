// The contract of the timeline page's read-only test probe (`window.__mmuLens`, written by
// src/webview/ui/testProbe.ts, read by test/integration/e2e/lensProbe.ts through the webview
// frame). DOM-free types, so both the page and the node-side tests import them.
import type { EventKind, SourceRef } from './simulation';

export interface ProbeEventPos {
  /** CSS pixels relative to canvas#timeline's top-left corner. */
  x: number;
  y: number;
  group: number;
  variant: string;
  lane: string;
  kind: EventKind;
  label: string;
  /** Index into that variant's timeline.events (what the hit test answers at x, y). */
  event: number;
  t: number;
  cause: SourceRef[];
}

export interface ProbeLaneBands {
  group: number;
  variant: string;
  lane: 'pte' | 'spte';
  title: string;
  /** The raster's box on the canvas (CSS pixels). */
  box: { x: number; y: number; w: number; h: number };
  bands: number;
  /** Bands overlapping the visible time window. */
  visibleBands: number;
  /** Bands per state. */
  states: Record<string, number>;
  /** Distinct colours sampled inside the raster box on the canvas. */
  colours: number;
  /** Visible bands (the largest on screen, up to 24 per state) whose centre pixel was read. */
  sampledBands: number;
  /** Per state among the sampled bands: the most common colour (RGBA hex) at their centres. */
  stateColours: Record<string, string>;
}

export interface ProbeTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface ProbeSummary {
  title: string;
  variants: string[];
  totals: { lanes: number; bands: number; events: number };
  view: { start: number; end: number };
  lanes: { group: number; lane: string; title: string }[];
}

export interface ProbeTooltip {
  visible: boolean;
  text: string;
  links: string[];
}

export interface MmuLensProbe {
  summary(): ProbeSummary | null;
  eventScreenPos(kind: EventKind, opts?: { group?: number }): ProbeEventPos | null;
  laneBands(lane: 'pte' | 'spte'): ProbeLaneBands[];
  countersTable(): ProbeTable[];
  tooltip(): ProbeTooltip;
}
