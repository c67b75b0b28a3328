// The arguments of a call, as token ranges, found by paren matching from the `(`.
// Robust to half-typed calls: it stops at `;`, at a brace, at a directive, or after
// a bounded number of tokens, and then returns what it has.
import { Tok, TokenStream } from './cLexer';

export interface ArgRange {
  from: number;
  /** Exclusive. */
  to: number;
}

const MAX_CALL_TOKENS = 4000;

/** Arguments of the call whose `(` is token `open`. */
export function callArguments(ts: TokenStream, open: number): ArgRange[] {
  const args: ArgRange[] = [];
  let depth = 0;
  let argStart = open + 1;
  const limit = Math.min(ts.count, open + MAX_CALL_TOKENS);
  let stop = limit;
  for (let i = open; i < limit; i++) {
    const k = ts.kind[i];
    if (k === Tok.DirStart || k === Tok.DirEnd) continue;
    if (k !== Tok.Punct || ts.end[i] - ts.start[i] !== 1) continue;
    const ch = ts.text.charCodeAt(ts.start[i]);
    if (ch === 40 || ch === 91) depth++;
    else if (ch === 41 || ch === 93) {
      depth--;
      if (depth === 0) {
        if (i > argStart) args.push({ from: argStart, to: i });
        return args;
      }
    } else if (ch === 44 && depth === 1) {
      args.push({ from: argStart, to: i });
      argStart = i + 1;
    } else if (ch === 59 || ch === 123 || ch === 125) {
      stop = i;
      break;
    }
  }
  // Unclosed (a half-typed call): what was typed so far is the last argument.
  if (stop > argStart) args.push({ from: argStart, to: stop });
  return args;
}

/** The argument's source text with whitespace removed, a leading `&` and outer parentheses dropped. */
export function rangeKey(ts: TokenStream, a: ArgRange | undefined): string | undefined {
  if (!a || a.to <= a.from) return undefined;
  let s = '';
  for (let i = a.from; i < a.to; i++)
    if (ts.kind[i] !== Tok.DirStart && ts.kind[i] !== Tok.DirEnd) s += ts.text.slice(ts.start[i], ts.end[i]);
  while (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1);
  if (s.startsWith('&')) s = s.slice(1);
  while (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1);
  return s || undefined;
}

/** The `MMU_NOTIFY_*` identifiers in an argument (several for `a ? MMU_NOTIFY_X : MMU_NOTIFY_Y`). */
export function notifyConstants(ts: TokenStream, a: ArgRange | undefined): string[] {
  const out: string[] = [];
  if (!a) return out;
  for (let i = a.from; i < a.to; i++) {
    if (ts.kind[i] !== Tok.Ident) continue;
    const t = ts.text.slice(ts.start[i], ts.end[i]);
    if (t.startsWith('MMU_NOTIFY_') && !out.includes(t)) out.push(t);
  }
  return out;
}
