// Everything the page derives once per loaded run: per variant the lane indexes, the band
// indexes and the per-kind counters, plus the shared time axis. DOM-free.
import type { TimelineRun } from '../../protocol/messages';
import type { LaneId, PteState, SimulationResult, SpteState } from '../../protocol/simulation';
import { indexBands, type BandIndex } from './bandRaster';
import { buildKindSeries, type KindSeries } from './counters';
import { decodeEvents } from './decode';
import { formatDetailWindow, type DetailWindow } from './detail';
import { indexEvents, type LaneIndex } from './eventIndex';
import { groupLanes, type GroupSpec } from './layout';

export const PTE_STATES: readonly PteState[] = ['none', 'present', 'prot_none'];
export const SPTE_STATES: readonly SpteState[] = ['absent', '4k', '2m'];

export interface ResultModel {
  result: SimulationResult;
  lanes: Map<LaneId, LaneIndex>;
  pte: BandIndex<PteState>;
  spte: BandIndex<SpteState>;
  series: KindSeries[];
}

export interface RunModel {
  run: TimelineRun;
  t0: number;
  t1: number;
  guestPages: number;
  results: ResultModel[];
  groups: GroupSpec[];
  totals: { lanes: number; bands: number; events: number };
  /** Set when the run is a window re-simulated in full detail (see detail.ts). */
  detail?: DetailWindow;
}

export function buildRunModel(run: TimelineRun, detail?: DetailWindow): RunModel {
  let t0 = Infinity;
  let t1 = -Infinity;
  let guestPages = 1;
  for (const r of run.results) {
    t0 = Math.min(t0, r.timeline.t0);
    t1 = Math.max(t1, r.timeline.t1);
    guestPages = Math.max(guestPages, r.timeline.guestPages);
  }
  if (!Number.isFinite(t0)) [t0, t1] = [0, 1];
  if (t1 <= t0) t1 = t0 + 1;
  const results = run.results.map((result) => {
    const cols = decodeEvents(result.timeline.events);
    return {
      result,
      lanes: indexEvents(cols, t0, t1),
      pte: indexBands(result.timeline.pteBands, PTE_STATES),
      spte: indexBands(result.timeline.spteBands, SPTE_STATES),
      series: buildKindSeries(cols),
    };
  });
  const groups = results.map((m) => {
    const rows = new Map<LaneId, number[]>();
    for (const [lane, ix] of m.lanes) rows.set(lane, ix.rows);
    const tl = m.result.timeline;
    const agg = tl.aggregated ? ' · aggregated' : '';
    const det = detail ? ` · ${formatDetailWindow(detail)}` : '';
    return { title: `${m.result.variant}${det}${agg}`, lanes: groupLanes(tl.vcpus, rows) };
  });
  let bands = 0;
  let events = 0;
  for (const r of run.results) {
    bands += r.timeline.pteBands.length + r.timeline.spteBands.length;
    events += r.timeline.events.length;
  }
  const lanes = groups.reduce((s, g) => s + g.lanes.length, 0);
  return { run, t0, t1, guestPages, results, groups, totals: { lanes, bands, events }, detail };
}
