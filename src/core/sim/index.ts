// The public API of the simulation core (the extension, its worker, the webview host and the CLI use it).
import type { SimulationResult } from '../../protocol/simulation';
import type { Scenario } from '../scenario/types';
import { simulateWith } from './simulate';

export {
  listVariants,
  parseVariantId,
  VariantError,
  type VariantListing,
  type ResolvedVariant,
} from '../variants';
export {
  parseScenario,
  parseScenarioText,
  MAX_SCENARIO_CHARS,
  applySet,
  listPresets,
  loadPreset,
  presetForOperation,
  OPERATION_NAMES,
  OPERATIONS,
  DEFAULT_PRESET,
  ScenarioError,
  resolveScenarioVariant,
  type Scenario,
  type Operation,
} from '../scenario';
export { DEFAULT_COST, type CostModel } from '../cost/costModel';
export { estimateWork, workOverBudget, WorkBudgetError, WORK_BUDGET, type WorkEstimate } from './workBudget';
export {
  prepareSimulationRequest,
  runSimulationRequest,
  scenarioOfRequest,
  type OracleCaseSource,
  type PreparedRequest,
  type SimulationRequestSpec,
} from './request';

/**
 * Simulate `scenario` on kernel `variant` (e.g. 'v6.1', 'rfc-v2:p1+p2'). Deterministic: same input,
 * byte-identical output. With `window`, re-simulates and records [t0, t1) (ns) in full detail.
 */
export function simulate(
  scenario: Scenario,
  variant: string,
  opts?: { window?: { t0: number; t1: number }; onProgress?: (fraction: number) => void },
): SimulationResult {
  return simulateWith(scenario, variant, { window: opts?.window, onProgress: opts?.onProgress });
}
