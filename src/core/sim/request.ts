// One simulation request (a preset, a parsed scenario file or an oracle case, overrides, variants,
// an optional window) run to results: what the extension's worker thread executes and what the
// CLI's `simulate` and `import --variant` build from their options.
import type { SimulationResult } from '../../protocol/simulation';
import { DEFAULT_PRESET, applySet, loadPreset, parseScenario, type Scenario } from '../scenario';
import { simulateWith } from './simulate';
import { bundledCase } from '../oracle/bundledIndex';
import type { OracleCase } from '../oracle/oracleCase';
import { scenarioForCase } from '../oracle/runCase';
import { resolveScenarioVariant } from '../scenario/scenarioVariants';

export interface SimulationRequestSpec {
  /** A preset name (presets/*.mmulens.json) … */
  preset?: string;
  /** … or a scenario file's parsed JSON, with where it came from for error messages. */
  scenario?: unknown;
  scenarioSource?: string;
  /** … or a real-kernel oracle case (oracle/cases/NAME.json, bundled), its scenario built per variant. */
  oracleCase?: string;
  /** Kernel variants to run, in order (the first is the baseline for deltas). */
  variants: string[];
  /** `path=value` overrides, as the CLI's --set. */
  sets?: string[];
  /** Re-simulate only this window of simulated time (ns), in full detail. */
  window?: { t0: number; t1: number };
}

/** A request checked before any simulation work: its variants resolve, its scenario per variant. */
export interface PreparedRequest {
  /** The scenario's name, or `oracle case NAME`. */
  label: string;
  /** The scenario simulated on `variant` (an oracle case's duration depends on the variant). */
  scenarioFor(variant: string): Scenario;
}

/**
 * Where a request's oracle case comes from: the bundled index by default; the CLI's `--case FILE`
 * reads the file (and the scenario file the case names, if any).
 */
export type OracleCaseSource = (name: string) => { oracleCase: OracleCase; named?: Scenario };

const bundled: OracleCaseSource = (name) => ({ oracleCase: bundledCase(name) });

export function scenarioOfRequest(req: SimulationRequestSpec): Scenario {
  let scenario =
    req.scenario !== undefined
      ? parseScenario(req.scenario, req.scenarioSource ?? 'scenario')
      : loadPreset(req.preset ?? DEFAULT_PRESET);
  for (const set of req.sets ?? []) scenario = applySet(scenario, set);
  return scenario;
}

export function prepareSimulationRequest(
  req: SimulationRequestSpec,
  cases: OracleCaseSource = bundled,
): PreparedRequest {
  if (req.variants.length === 0) throw new Error('no kernel variant to simulate');
  const { oracleCase, named } = req.oracleCase !== undefined ? cases(req.oracleCase) : { oracleCase: null };
  const base = oracleCase ? null : scenarioOfRequest(req);
  // Unknown ids (and a scenario's own variants) are resolved before any work.
  for (const v of req.variants) resolveScenarioVariant(oracleCase ? { variants: [] } : (base as Scenario), v);
  const scenarioFor = (v: string): Scenario => {
    if (!oracleCase) return base as Scenario;
    let sc = scenarioForCase(oracleCase, v, named);
    for (const set of req.sets ?? []) sc = applySet(sc, set);
    return sc;
  };
  return { label: oracleCase ? `oracle case ${oracleCase.name}` : (base as Scenario).name, scenarioFor };
}

export function runSimulationRequest(
  req: SimulationRequestSpec,
  onProgress: (variant: string, fraction: number) => void,
): { scenario: string; results: SimulationResult[] } {
  const prepared = prepareSimulationRequest(req);
  const results = req.variants.map((v) =>
    simulateWith(prepared.scenarioFor(v), v, { window: req.window, onProgress: (f) => onProgress(v, f) }),
  );
  return { scenario: prepared.label, results };
}
