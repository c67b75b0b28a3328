// NODE ONLY: reading trace, vmstat and results files from disk into a timeline run (the CLI's
// `import`, the extension's trace-import worker). Kept out of ./index.ts, which stays pure.
export {
  readTraceFiles,
  withCompanions,
  classifyFile,
  importLabel,
  TraceImportError,
  type ReadTraceOptions,
} from './readTraceFiles';
