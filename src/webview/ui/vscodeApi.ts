// The page's side of the host channel: typed postMessage and persisted state.
import type { TimelineRun, WebviewToHost } from '../../protocol/messages';
import { isPackedRun, packRun, unpackRun, type PackedRun } from '../model/packRun';
import type { ViewWindow } from '../model/timeScale';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

/** What survives a reload (getState/setState; the host's WebviewPanelSerializer revives the panel). */
export interface PersistedState {
  /** Left out for very large runs: serialising them on every view change would stall the page. */
  run?: TimelineRun;
  runTitle?: string;
  view?: ViewWindow;
  markerA?: number;
  markerB?: number;
}

/** What setState() stores: version 1, the run packed (cause chains interned). */
interface StoredState extends Omit<PersistedState, 'run'> {
  v: 1;
  packedRun?: PackedRun;
}

/** Runs up to this many events plus bands are kept in the webview state (packed: ~100 bytes each). */
export const PERSIST_MAX_ITEMS = 100_000;

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : {
        postMessage: (m) => console.log('[mnl → host]', m),
        getState: () => undefined,
        setState: () => undefined,
      };

export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

function isView(v: unknown): v is ViewWindow {
  const w = v as ViewWindow | undefined;
  return typeof w === 'object' && w !== null && Number.isFinite(w.start) && Number.isFinite(w.end);
}

export function loadState(): PersistedState | undefined {
  const s = api.getState() as Partial<StoredState> | undefined;
  if (!s || s.v !== 1) return undefined;
  const num = (x: unknown): number | undefined =>
    typeof x === 'number' && Number.isFinite(x) ? x : undefined;
  return {
    run: isPackedRun(s.packedRun) ? unpackRun(s.packedRun) : undefined,
    runTitle: typeof s.runTitle === 'string' ? s.runTitle : undefined,
    view: isView(s.view) ? s.view : undefined,
    markerA: num(s.markerA),
    markerB: num(s.markerB),
  };
}

let lastRun: TimelineRun | undefined;
let packed: PackedRun | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Saves the state (debounced: view changes come at frame rate; the run is packed once). */
export function saveState(
  run: TimelineRun | undefined,
  rest: Omit<PersistedState, 'run' | 'runTitle'>,
): void {
  if (run !== lastRun) {
    lastRun = run;
    const tl = run?.results.map((r) => r.timeline) ?? [];
    const items = tl.reduce((s, t) => s + t.events.length + t.pteBands.length + t.spteBands.length, 0);
    packed = run && items <= PERSIST_MAX_ITEMS ? packRun(run) : undefined;
  }
  if (timer) clearTimeout(timer);
  pendingRest = rest;
  timer = setTimeout(flushState, 400);
}

let pendingRest: Omit<PersistedState, 'run' | 'runTitle'> | undefined;

/** Writes a debounced saveState() now (the page is about to be hidden, which drops it). */
export function flushState(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (!pendingRest) return;
  const state: StoredState = { v: 1, packedRun: packed, runTitle: lastRun?.title, ...pendingRest };
  pendingRest = undefined;
  api.setState(state);
}
