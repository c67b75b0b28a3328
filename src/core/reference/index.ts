// The reference model: a page-by-page re-implementation the range-based simulator is checked against
// (tests and the bench).
export { runReference, runRangeModel, type ModelOutcome } from './referenceModel';
export { PageStore } from './pageStore';
