// NODE ONLY: the oracle's committed files read from a repository checkout (oracle/cases,
// oracle/results) and docs/validation.md built from them. Kept out of ./index.ts, which stays pure.
export {
  loadCaseFile,
  loadResultFile,
  loadNamedScenario,
  loadCases,
  resultFiles,
  loadResults,
} from './oracleFiles';
export {
  runValidation,
  loadNotes,
  VALIDATION_DOC,
  VALIDATION_NOTES,
  ORACLE_INDEX,
  type Validation,
} from './validationRun';
