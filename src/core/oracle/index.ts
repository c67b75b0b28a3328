export * from './oracleCase';
export * from './oracleResult';
export * from './types';
export { caseToScenario, operationRange } from './caseToScenario';
export { scenarioForCase, simulateCase } from './runCase';
export { COUNTER_MAP, realLabel, type CounterMapping, type Tolerance } from './counterMap';
export { compareRun, type Comparison, type Band } from './compare';
export { parseResult, OracleDataError } from './readOracle';
