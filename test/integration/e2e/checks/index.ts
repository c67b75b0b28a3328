// The UI end-to-end checks, in the order they run on one shared workbench page.
// Add a check: put it in a file beside this one (see simulateFromLens.ts) and list it here.
import type { Check } from '../check';
import { openKernelFileChecks } from './openKernelFile';
import { simulateFromLensChecks } from './simulateFromLens';
import { timelineLaneChecks } from './timelineLanes';
import { causeChainChecks } from './causeChain';
import { compareVariantsChecks } from './compareVariants';
import { rulesWhatIfChecks } from './rulesWhatIf';
import { patchSeriesChecks } from './patchSeries';
import { reloadStateChecks } from './reloadState';
import { oracleCaseChecks } from './oracleCase';
import { importTraceChecks } from './importTrace';
import { reloadAfterCompareChecks } from './reloadAfterCompare';
import { hideShowChecks } from './hideShow';
import { cancelRunChecks } from './cancelRun';
import { scenarioVariantWhatIfChecks } from './scenarioVariantWhatIf';
import { detailWhileHiddenChecks } from './detailWhileHidden';

const [webviewReload, windowReload] = reloadStateChecks;

export const checks: Check[] = [
  ...openKernelFileChecks,
  ...simulateFromLensChecks,
  // The reviewer's story (issue #6): lanes, cause chain → source, compare, patches, reloads.
  ...timelineLaneChecks,
  ...causeChainChecks,
  ...compareVariantsChecks,
  ...rulesWhatIfChecks,
  // Real kernels beside the simulated variants (issue #10); the reloads then revive this run.
  ...oracleCaseChecks,
  // No retainContextWhenHidden (issue #15): hidden and shown again, the page restores itself.
  ...hideShowChecks,
  webviewReload,
  ...patchSeriesChecks,
  windowReload, // reloads the window: the checks after it run in the reloaded window
  // Real traces (issue #13): import, then compare with a simulation.
  ...importTraceChecks,
  // A window reload one second after the comparison revives the comparison (docs/limits.md).
  ...reloadAfterCompareChecks,
  // Cancelling a long simulation from its progress notification; the next run works (issue #15).
  ...cancelRunChecks,
  // What-if on a variant the scenario file defines itself (my-fix in the own-variant fixture).
  ...scenarioVariantWhatIfChecks,
  // "Detail this window" answered while the timeline is hidden is shown when it is shown again.
  ...detailWhileHiddenChecks,
];
