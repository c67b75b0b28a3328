export { parseScenario, parseScenarioText, MAX_SCENARIO_CHARS } from './parseScenario';
export { applySet } from './applySet';
export { listPresets, loadPreset, presetForOperation, OPERATION_NAMES, DEFAULT_PRESET } from './presets';
export { ScenarioError, OPERATIONS, type Scenario, type Operation } from './types';
export { resolveScenarioVariant, checkScenarioVariants, type ScenarioVariant } from './scenarioVariants';
