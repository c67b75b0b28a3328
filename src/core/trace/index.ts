// Real traces: ftrace / trace-cmd text, /proc/vmstat snapshots and KVM stats into a timeline run.
// Pure; reading the files from disk (readTraceFiles.ts, NODE ONLY) is exported from ./node.ts.
export { parseFtraceLine, type FtraceRecord, type LineKind } from './ftraceLine';
export { parseTraceFields, spteChange, KNOWN_EVENTS, type TraceFields } from './traceEvents';
export { TraceBuilder, type TraceBuilderOptions } from './traceBuilder';
export { parseVmstat, counterDeltas, jsonCounterDeltas, looksLikeVmstat } from './counterFiles';
export { buildImportedResult, tracedRegion } from './traceResult';
export {
  alignToReal,
  alignmentOf,
  applyWarp,
  invertWarp,
  warpResult,
  notifierCallTimes,
  type AlignMode,
  type Alignment,
  type Warp,
} from './alignRuns';
