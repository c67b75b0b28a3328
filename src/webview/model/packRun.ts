// A compact form of a run for the webview state (getState/setState serialise it on every
// view change): cause chains, which repeat for almost every event, are stored once in a
// table and referenced by number; state bands become flat number arrays. DOM-free.
import type { TimelineRun } from '../../protocol/messages';
import type { SimulationResult, SourceRef, StateBand, TimelineEvent } from '../../protocol/simulation';

type PackedEvent = Omit<TimelineEvent, 'cause'> & { c: number };
/** [t0, t1, gfnStart, gfnEnd, state index] per band, flattened, plus the state names. */
interface PackedBands {
  states: string[];
  flat: number[];
}
type PackedResult = Omit<SimulationResult, 'timeline'> & {
  timeline: Omit<SimulationResult['timeline'], 'events' | 'pteBands' | 'spteBands'> & {
    events: PackedEvent[];
    pteBands: PackedBands;
    spteBands: PackedBands;
  };
};

function packBands<S extends string>(bands: readonly StateBand<S>[]): PackedBands {
  const states: string[] = [];
  const flat: number[] = [];
  for (const b of bands) {
    let s = states.indexOf(b.state);
    if (s < 0) s = states.push(b.state) - 1;
    flat.push(b.t0, b.t1, b.gfnStart, b.gfnEnd, s);
  }
  return { states, flat };
}

function unpackBands<S extends string>(p: PackedBands): StateBand<S>[] {
  const out: StateBand<S>[] = [];
  for (let i = 0; i + 4 < p.flat.length; i += 5) {
    const f = p.flat;
    out.push({
      t0: f[i],
      t1: f[i + 1],
      gfnStart: f[i + 2],
      gfnEnd: f[i + 3],
      state: p.states[f[i + 4]] as S,
    });
  }
  return out;
}

export interface PackedRun {
  packed: 1;
  run: Omit<TimelineRun, 'results'> & { results: PackedResult[] };
  causes: SourceRef[][];
}

export function packRun(run: TimelineRun): PackedRun {
  const causes: SourceRef[][] = [];
  const byKey = new Map<string, number>();
  const byRef = new Map<SourceRef[], number>();
  const id = (chain: SourceRef[]): number => {
    const known = byRef.get(chain);
    if (known !== undefined) return known;
    const key = chain.map((r) => `${r.file}:${r.fn}`).join('>');
    let n = byKey.get(key);
    if (n === undefined) {
      n = causes.push(chain.map((r) => ({ file: r.file, fn: r.fn }))) - 1;
      byKey.set(key, n);
    }
    byRef.set(chain, n);
    return n;
  };
  const results = run.results.map((r) => ({
    ...r,
    timeline: {
      ...r.timeline,
      events: r.timeline.events.map(({ cause, ...rest }) => ({ ...rest, c: id(cause) })),
      pteBands: packBands(r.timeline.pteBands),
      spteBands: packBands(r.timeline.spteBands),
    },
  }));
  return { packed: 1, run: { ...run, results }, causes };
}

export function unpackRun(p: PackedRun): TimelineRun {
  const results = p.run.results.map((r) => ({
    ...r,
    timeline: {
      ...r.timeline,
      events: r.timeline.events.map(({ c, ...rest }) => ({ ...rest, cause: p.causes[c] ?? [] })),
      pteBands: unpackBands<SimulationResult['timeline']['pteBands'][number]['state']>(r.timeline.pteBands),
      spteBands: unpackBands<SimulationResult['timeline']['spteBands'][number]['state']>(
        r.timeline.spteBands,
      ),
    },
  }));
  return { ...p.run, results };
}

export function isPackedRun(v: unknown): v is PackedRun {
  const p = v as Partial<PackedRun> | undefined;
  return typeof p === 'object' && p !== null && p.packed === 1 && Array.isArray(p.causes) && !!p.run;
}
