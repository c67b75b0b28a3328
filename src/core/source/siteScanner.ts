// scanSites(): every notifier site of one C text (kernel-model.md §8). Pure: the text comes
// in, sites and diagnostics go out; nothing is thrown for bad input.
import { lexC, Tok, TokenStream, tokenText } from './cLexer';
import { analyzeStructure, CStructure } from './cStructure';
import { callArguments, notifyConstants, rangeKey } from './callArguments';
import { mayHoldSites, NOTIFIER_CALLEES, RANGE_CALLEES, RANGE_INIT_CALLEES } from './calleeCatalog';
import { EVENT_NONE, RangeCall, resolveRangeEvents } from './rangeEvents';
import { classifySite } from './operations';
import { checkSourceText } from './inputChecks';
import { NotifierSite, ScanResult, SiteKind, SourceDiagnostic } from './types';

export interface ScanOptions {
  /** The path or uri reported in sites and diagnostics. */
  file: string;
  /** The variant a site's scenario runs (the tree's detected variant); default `v6.12`. */
  variant?: string;
}

interface RawSite {
  tok: number;
  endTok: number;
  kind: SiteKind;
  callee: string;
  owner: number;
  handler?: string;
  field?: string;
  range: RangeCall;
}

function isOpenParen(ts: TokenStream, i: number): boolean {
  return i < ts.count && ts.kind[i] === Tok.Punct && ts.text.charCodeAt(ts.start[i]) === 40;
}

function collectCalls(ts: TokenStream, st: CStructure, out: RawSite[]): void {
  for (let i = 0; i < ts.count; i++) {
    if (ts.kind[i] !== Tok.Ident) continue;
    // Cheap filter before slicing: every callee starts with `mmu_` or `__mmu_`.
    const c0 = ts.text.charCodeAt(ts.start[i]);
    if ((c0 !== 109 && c0 !== 95) || ts.end[i] - ts.start[i] < 16) continue;
    const owner = st.tokenOwner[i];
    if (owner < 0 || st.owners[owner].nameTok === i || !isOpenParen(ts, i + 1)) continue;
    const name = tokenText(ts, i);
    if (!NOTIFIER_CALLEES.has(name)) continue;
    const carriesRange = RANGE_CALLEES.has(name);
    const args = carriesRange ? callArguments(ts, i + 1) : [];
    const range: RangeCall = {
      owner,
      offset: ts.start[i],
      carriesRange,
      rangeExpr: carriesRange ? rangeKey(ts, args[0]) : undefined,
      initEvents: RANGE_INIT_CALLEES.has(name) ? notifyConstants(ts, args[1]) : undefined,
    };
    out.push({ tok: i, endTok: i, kind: 'call', callee: name, owner, range });
  }
}

function collectOps(ts: TokenStream, st: CStructure, out: RawSite[]): void {
  const defs = new Map<string, number>();
  st.owners.forEach((o, idx) => {
    if (o.kind === 'function' && !defs.has(o.name)) defs.set(o.name, idx);
  });
  const seenHandlers = new Set<string>();
  const none = (offset: number): RangeCall => ({ owner: -1, offset, carriesRange: false });
  for (const init of st.ops) {
    for (const f of init.fields) {
      const field = tokenText(ts, f.fieldTok);
      const callee = `${init.structName}.${field}`;
      const handler = f.handlerTok >= 0 ? tokenText(ts, f.handlerTok) : undefined;
      out.push({
        tok: f.dotTok,
        endTok: f.fieldTok,
        kind: 'ops_field',
        callee,
        owner: -1,
        handler,
        field,
        range: none(ts.start[f.dotTok]),
      });
      const def = handler === undefined ? undefined : defs.get(handler);
      if (handler !== undefined && def !== undefined && !seenHandlers.has(`${callee}\u0000${handler}`)) {
        seenHandlers.add(`${callee}\u0000${handler}`);
        const nameTok = st.owners[def].nameTok;
        out.push({
          tok: nameTok,
          endTok: nameTok,
          kind: 'handler',
          callee,
          owner: def,
          handler,
          field,
          range: none(ts.start[nameTok]),
        });
      }
    }
  }
}

/** Scans one C text. */
export function scanSites(text: string, options: ScanOptions): ScanResult {
  const { file } = options;
  const variant = options.variant ?? 'v6.12';
  const diagnostics: SourceDiagnostic[] = [];
  const refused = checkSourceText(file, text);
  if (refused) return { file, sites: [], diagnostics: [refused] };
  if (!mayHoldSites(text)) return { file, sites: [], diagnostics };
  const ts = lexC(text);
  const st = analyzeStructure(ts);
  if (ts.unterminatedCommentLine) {
    diagnostics.push({
      file,
      severity: 'warning',
      line: ts.unterminatedCommentLine,
      message: `${file}:${ts.unterminatedCommentLine}: comment not closed before end of file`,
    });
  }
  for (const p of st.problems)
    diagnostics.push({ file, severity: 'warning', line: p.line, message: `${file}:${p.line}: ${p.message}` });
  const raw: RawSite[] = [];
  collectCalls(ts, st, raw);
  collectOps(ts, st, raw);
  raw.sort((a, b) => ts.start[a.tok] - ts.start[b.tok]);
  const events = resolveRangeEvents(raw.map((r) => r.range));
  const sites = raw.map((r, idx): NotifierSite => {
    const fnName = r.owner >= 0 ? st.owners[r.owner].name : null;
    const event = r.kind === 'call' ? events[idx] : EVENT_NONE;
    const op = classifySite({
      file,
      function: fnName,
      callee: r.callee,
      kind: r.kind,
      event,
      field: r.field,
      handler: r.handler,
    });
    const site: NotifierSite = {
      file,
      line: ts.line[r.tok],
      column: ts.col[r.tok],
      endColumn: ts.col[r.endTok] + (ts.end[r.endTok] - ts.start[r.endTok]),
      callee: r.callee,
      kind: r.kind,
      function: fnName,
      event,
      operation: op.operation,
      operationLabel: op.label,
      scenario: { preset: op.preset, operation: op.operation, variant },
    };
    if (r.handler !== undefined) site.handler = r.handler;
    if (r.range.rangeExpr !== undefined) site.rangeExpr = r.range.rangeExpr;
    return site;
  });
  return { file, sites, diagnostics };
}
