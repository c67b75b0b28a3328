// simulate(): build the simulation context for one scenario and one variant, run the engine, and
// assemble the SimulationResult (counters, by_cause, cost_ns, violations, timeline).
import type { SimulationResult } from '../../protocol/simulation';
import type { Scenario } from '../scenario/types';
import { normalizeCost } from '../cost/costModel';
import { resolveScenarioVariant } from '../scenario/scenarioVariants';
import { compactByCause, type Sim } from './context';
import { emptyCostNs, emptyCounters } from '../../protocol/simulation';
import * as F from './facts';
import { RunStore } from './runStore';
import type { PageStateStore } from './store';
import { Recorder, recorderOptions } from './recorder';
import { makeVcpus } from './vcpu';
import { runEngine } from './engine';
import { workOverBudget, WorkBudgetError } from './workBudget';
import { applyVcpuLoops } from './vcpuLoops';
import { prefault } from './prefault';
import { firstScanNs, initNumaTasks } from './taskTickNuma';
import { markExecRegions } from './kvmMmuHugepageAdjust';

export interface SimulateOptions {
  /** Re-simulate with full detail, recording only [t0, t1) (ns). */
  window?: { t0: number; t1: number };
  onProgress?: (fraction: number) => void;
  /** The page-state store (default: RunStore). The per-page reference passes its PageStore. */
  makeStore?: (pages: number, initial: number) => PageStateStore;
}

export const PAGES_PER_GIB = 262144;

export function guestPages(sc: Scenario): number {
  return Math.max(F.PMD_PAGES, F.alignDown(Math.round(sc.guest.memory_gib * PAGES_PER_GIB), F.PMD_PAGES));
}

export function createSim(sc: Scenario, variant: string, opts: SimulateOptions = {}): Sim {
  const over = workOverBudget(sc);
  if (over) throw new WorkBudgetError(over);
  const v = resolveScenarioVariant(sc, variant);
  const pages = guestPages(sc);
  const durationNs = Math.round(sc.duration_s * 1e9);
  const bootNs = Math.min(durationNs, Math.round(sc.workload.boot_s * 1e9));
  const store = (opts.makeStore ?? ((p, i) => new RunStore(p, i)))(pages, 0);
  const rec = new Recorder(recorderOptions(durationNs, opts.window));
  const transient = sc.special_pages.find((s) => s.kind === 'transient_refcount');
  const sim: Sim = {
    sc,
    rules: v.rules,
    variantId: v.id,
    cost: normalizeCost(sc.cost),
    store,
    pages,
    vcpus: applyVcpuLoops(sc, makeVcpus(sc, pages, durationNs, bootNs), pages, durationNs),
    kvm: { inProgress: 0, rangeStart: 0, rangeEnd: 0, seq: 0, numaFlagged: false, stuck: [] },
    numa: { nextScanNs: firstScanNs(sc), offset: 0, scanSeq: 0, tasks: [] },
    hasPinned: false,
    currentVcpu: -1,
    released: false,
    counters: emptyCounters(),
    byCause: {},
    costNs: emptyCostNs(),
    violations: [],
    rec,
    rssPages: 0,
    nxSplits: [],
    emptyPt4k: new Set(),
    mremapScratchTaken: new Set(),
    spteAged: false,
    bootNs,
    transientPeriodNs: transient ? Math.round(transient.period_ms * 1e6) : 0,
    transientHighNs: transient ? Math.round(transient.high_ms * 1e6) : 0,
  };
  markExecRegions(sim);
  prefault(sim);
  return sim;
}

/** The special pages of the scenario: small folios with extra references, KSM, zero page, shared. */
function applySpecialPages(sim: Sim): void {
  for (const sp of sim.sc.special_pages) {
    const a = Math.min(sp.gfn, sim.pages);
    const b = Math.min(sim.pages, sp.gfn + sp.pages);
    if (b <= a) continue;
    sim.store.update(F.alignDown(a, F.PMD_PAGES), F.alignUp(b, F.PMD_PAGES), (f) =>
      F.isHuge(f) ? F.withSpte(F.withHuge(f, false), F.spte(f) === F.SPTE_2M ? F.SPTE_4K : F.spte(f)) : f,
    );
    let none = 0;
    sim.store.forEach(a, b, (s, e, f) => (none += F.pte(f) === F.PTE_NONE ? e - s : 0));
    sim.rssPages += none;
    sim.store.update(a, b, (f) => {
      let g =
        F.pte(f) === F.PTE_NONE
          ? F.withAnonExclusive(F.withPte(f, F.PTE_PRESENT), sim.sc.guest.backing !== 'memfd')
          : f;
      if (sp.kind === 'high_refcount') g = F.withPinned(F.withRefs(g, F.REFS_HIGH), false);
      if (sp.kind === 'transient_refcount') g = F.withPinned(F.withRefs(g, F.REFS_TRANSIENT), false);
      if (sp.kind === 'ksm') g = F.withShared(F.withKsm(g, true), true);
      if (sp.kind === 'zero') g = F.withZero(g, true);
      if (sp.kind === 'shared') g = F.withAnonExclusive(F.withShared(g, true), false);
      return g;
    });
  }
}

export function runSim(sim: Sim, opts: SimulateOptions = {}): void {
  const durationNs = Math.round(sim.sc.duration_s * 1e9);
  sim.numa.tasks = initNumaTasks(sim);
  runEngine(sim, durationNs, opts.onProgress, () => applySpecialPages(sim));
}

export function simulateWith(sc: Scenario, variant: string, opts: SimulateOptions = {}): SimulationResult {
  return simulateFull(sc, variant, opts).result;
}

/** simulate() that also hands back the final simulation state (for tests, the reference and the bench). */
export function simulateFull(
  sc: Scenario,
  variant: string,
  opts: SimulateOptions = {},
): { result: SimulationResult; sim: Sim } {
  const sim = createSim(sc, variant, opts);
  runSim(sim, opts);
  const durationNs = Math.round(sc.duration_s * 1e9);
  const result: SimulationResult = {
    variant: sim.variantId,
    counters: sim.counters,
    by_cause: compactByCause(sim),
    cost_ns: sim.costNs,
    violations: sim.violations,
    scenario: sc.name,
    seed: sc.seed,
    durationNs,
    timeline: {
      t0: opts.window ? opts.window.t0 : 0,
      t1: opts.window ? opts.window.t1 : durationNs,
      guestPages: sim.pages,
      vcpus: sim.vcpus.length,
      aggregated: sim.rec.aggregated,
      events: sim.rec.events,
      pteBands: sim.rec.pteBands,
      spteBands: sim.rec.spteBands,
    },
  };
  return { result, sim };
}
