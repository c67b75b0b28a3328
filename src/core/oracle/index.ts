// The real-kernel oracle's pure side (cases, results, the counter map, comparisons, the bundled index);
// reading the committed files from a checkout is in ./node.ts (NODE ONLY).
export * from './oracleCase';
export * from './oracleResult';
export * from './types';
export { caseToScenario, operationRange } from './caseToScenario';
export { scenarioForCase, simulateCase } from './runCase';
export { COUNTER_MAP, realLabel, type CounterMapping, type Tolerance } from './counterMap';
export { compareRun, type Comparison, type Band } from './compare';
export { parseResult, OracleDataError } from './readOracle';
export { formatComparisons } from './formatComparisons';
export { bundledCases, bundledCase, bundledRealCounters } from './bundledIndex';
export {
  validationMarkdown,
  beyond2x,
  noteFor,
  noteKey,
  summaryCounts,
  type ValidationNotes,
} from './validationDoc';
