// Exports of a timeline run that need no webview: Perfetto / Chrome trace-event JSON and a
// plain-text summary for an email reply. (SVG and PNG come from the timeline page itself,
// through the 'export' message, so they show exactly what the reviewer sees.)
export { toPerfettoJson, toTraceFile, laneTid, type TraceEvent, type TraceFile } from './perfetto';
export { toTraceFile as toPerfettoTrace } from './perfetto';
export { toTextSummary, alignColumns, counterRows, tableLines } from './textSummary';
export { formatSeconds } from '../../protocol/format';
