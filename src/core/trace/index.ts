// Real traces: ftrace / trace-cmd text, /proc/vmstat snapshots and KVM stats into a timeline run.
// readTraceFiles.ts is the one NODE ONLY module here (it reads files); the rest is pure.
export { parseFtraceLine, type FtraceRecord, type LineKind } from './ftraceLine';
export { parseTraceFields, spteChange, KNOWN_EVENTS, type TraceFields } from './traceEvents';
export { TraceBuilder, type TraceBuilderOptions } from './traceBuilder';
export { parseVmstat, counterDeltas, jsonCounterDeltas, looksLikeVmstat } from './counterFiles';
export { buildImportedResult, tracedRegion } from './traceResult';
