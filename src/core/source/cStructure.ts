// The structure pass over a TokenStream: which function (or `#define` macro) owns each
// token, the ops initialisers (`static const struct mmu_notifier_ops x = { .f = g, … }`)
// and their fields. Brace matching, with the kernel's own habits used for robustness:
// - `#if`/`#elif`/`#else`/`#endif`: every branch is read, but each `#else` branch starts
//   from the state at its `#if` and `#endif` keeps the state after the first branch
//   (so `#ifdef X\n void f(int a) {\n#else\n void f(void) {\n#endif` opens one body);
// - `#define` bodies never touch the brace depth; their tokens belong to the macro;
// - half-typed edits: a `{` in column 0 after `)` while inside a body starts a new function
//   (the previous one was left unclosed), a `}` in column 0 closes the function body.
import { Tok, TokenStream, tokenText } from './cLexer';
import { OPS_STRUCTS } from './calleeCatalog';
import { displayFunctionName, functionNameOfHeader } from './cDeclarator';

export interface CodeOwner {
  name: string;
  kind: 'function' | 'macro';
  nameTok: number;
  /** Token index of the body's `{` and `}` (-1: none / unclosed). */
  openTok: number;
  closeTok: number;
}

export interface OpsFieldInit {
  dotTok: number;
  fieldTok: number;
  /** The handler identifier when the value is a plain name (`NULL` excluded). */
  handlerTok: number;
}

export interface OpsInitializer {
  structName: string;
  openTok: number;
  fields: OpsFieldInit[];
}

export interface CStructure {
  owners: CodeOwner[];
  /** Owner index per token (-1: file scope / struct bodies / initialisers). */
  tokenOwner: Int32Array;
  /** 1 for tokens inside a preprocessor line. */
  inDirective: Uint8Array;
  ops: OpsInitializer[];
  /** Problems met (unbalanced braces), 1-based lines. */
  problems: { line: number; message: string }[];
}

interface Snapshot {
  depth: number;
  fn: number;
  stmtStart: number;
  assign: boolean;
  opsStruct: string;
  initLen: number;
}

const isPunct = (ts: TokenStream, i: number, ch: string): boolean =>
  i >= 0 &&
  i < ts.count &&
  ts.kind[i] === Tok.Punct &&
  ts.end[i] - ts.start[i] === ch.length &&
  ts.text.startsWith(ch, ts.start[i]);

/**
 * After a `}` in column 0 inside a nested block: does a new top-level item follow (end of
 * text, or a column-0 token that is neither `}` nor a label)? Only then is the `}` taken as
 * the end of the function (a half-typed edit); else it is a style quirk (`switch (x) {` …
 * `}` in column 0, then the function's own `}`), counted normally.
 */
function startsTopLevel(ts: TokenStream, inDirective: Uint8Array, from: number): boolean {
  let j = from;
  while (j < ts.count && (ts.kind[j] === Tok.DirStart || inDirective[j])) {
    // Directive tokens are marked as the structure pass reaches them: skip to the line's end.
    if (ts.kind[j] === Tok.DirStart) while (j < ts.count && ts.kind[j] !== Tok.DirEnd) j++;
    j++;
  }
  if (j >= ts.count) return true;
  if (ts.col[j] !== 0 || isPunct(ts, j, '}')) return false;
  return !(ts.kind[j] === Tok.Ident && isPunct(ts, j + 1, ':'));
}

export function analyzeStructure(ts: TokenStream): CStructure {
  const owners: CodeOwner[] = [];
  const tokenOwner = new Int32Array(ts.count).fill(-1);
  const inDirective = new Uint8Array(ts.count);
  const ops: OpsInitializer[] = [];
  const problems: { line: number; message: string }[] = [];
  // `dead`: an `#if 0` branch, whose braces are not counted (its tokens are still read).
  const conds: { atIf: Snapshot; afterFirst: Snapshot | null; dead: boolean }[] = [];
  let depth = 0;
  let fn = -1;
  let stmtStart = 0;
  let assign = false;
  let opsStruct = '';
  let lastCol0Ident = -1;
  const inits: { init: OpsInitializer; depth: number }[] = [];
  let recoveredOpen = false;
  let recoveredClose = false;

  const snap = (): Snapshot => ({ depth, fn, stmtStart, assign, opsStruct, initLen: inits.length });
  const restore = (s: Snapshot): void => {
    depth = s.depth;
    fn = s.fn;
    stmtStart = s.stmtStart;
    assign = s.assign;
    opsStruct = s.opsStruct;
    inits.length = Math.min(inits.length, s.initLen);
  };
  const resetStmt = (i: number): void => {
    stmtStart = i + 1;
    assign = false;
    opsStruct = '';
  };
  const openFunction = (from: number, brace: number): boolean => {
    const nameTok = functionNameOfHeader(ts, from, brace, inDirective);
    if (nameTok < 0) return false;
    fn = owners.length;
    owners.push({
      name: displayFunctionName(ts, nameTok),
      kind: 'function',
      nameTok,
      openTok: brace,
      closeTok: -1,
    });
    return true;
  };

  for (let i = 0; i < ts.count; i++) {
    const k = ts.kind[i];
    if (k === Tok.DirStart) {
      const name = tokenText(ts, i);
      let j = i + 1;
      let owner = -1;
      if (name === 'define' && ts.kind[j] === Tok.Ident) {
        owner = owners.length;
        owners.push({ name: tokenText(ts, j), kind: 'macro', nameTok: j, openTok: -1, closeTok: -1 });
      }
      for (; j < ts.count && ts.kind[j] !== Tok.DirEnd; j++) {
        inDirective[j] = 1;
        tokenOwner[j] = owner;
      }
      inDirective[i] = 1;
      if (j < ts.count) inDirective[j] = 1;
      if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
        const dead = name === 'if' && j === i + 2 && tokenText(ts, i + 1) === '0';
        conds.push({ atIf: snap(), afterFirst: null, dead });
      } else if (
        (name === 'elif' || name === 'else' || name === 'elifdef' || name === 'elifndef') &&
        conds.length
      ) {
        const c = conds[conds.length - 1];
        if (c.dead) c.dead = false;
        else if (!c.afterFirst) c.afterFirst = snap();
        restore(c.atIf);
        // The branch's text starts here: what the previous branch said is not this statement.
        stmtStart = Math.max(stmtStart, i);
      } else if (name === 'endif' && conds.length) {
        const c = conds.pop();
        if (c?.dead) restore(c.atIf);
        else if (c?.afterFirst) {
          const last = snap();
          restore(c.afterFirst);
          // Braces: as after the first branch. Statement: the one written last.
          if (last.stmtStart >= c.afterFirst.stmtStart) {
            stmtStart = last.stmtStart;
            assign = last.assign;
            opsStruct = last.opsStruct;
          }
        }
      }
      i = j;
      continue;
    }
    if (depth > 0 && fn >= 0) tokenOwner[i] = fn;
    if (k === Tok.Ident) {
      if (ts.col[i] === 0 && !isPunct(ts, i + 1, ':')) lastCol0Ident = i;
      const len = ts.end[i] - ts.start[i];
      if (
        (len === 16 || len === 25) &&
        ts.text.charCodeAt(ts.start[i]) === 109 &&
        OPS_STRUCTS.has(tokenText(ts, i))
      ) {
        opsStruct = tokenText(ts, i);
      }
      continue;
    }
    if (k !== Tok.Punct || ts.end[i] - ts.start[i] !== 1) continue;
    const ch = ts.text.charCodeAt(ts.start[i]);
    if (ch === 123 /* { */) {
      if (depth > 0 && ts.col[i] === 0 && isPunct(ts, i - 1, ')') && lastCol0Ident >= 0 && fn >= 0) {
        // Half-typed edit: the previous body never closed; this is a new function header.
        if (owners[fn].kind === 'function') owners[fn].closeTok = -1;
        if (!recoveredOpen)
          problems.push({
            line: ts.line[i],
            message: `unbalanced braces: '{' of ${owners[fn].name}() is not closed before the next function`,
          });
        recoveredOpen = true;
        depth = 0;
        fn = -1;
        inits.length = 0;
        if (openFunction(lastCol0Ident, i)) tokenOwner[i] = fn;
        depth = 1;
        resetStmt(i);
        continue;
      }
      if (assign && opsStruct) {
        const init: OpsInitializer = { structName: opsStruct, openTok: i, fields: [] };
        ops.push(init);
        inits.push({ init, depth: depth + 1 });
      } else if (depth === 0 && !assign && openFunction(stmtStart, i)) tokenOwner[i] = fn;
      depth++;
      resetStmt(i);
    } else if (ch === 125 /* } */) {
      if (depth === 0) {
        problems.push({ line: ts.line[i], message: "unbalanced braces: '}' without a matching '{'" });
        resetStmt(i);
        continue;
      }
      if (ts.col[i] === 0 && depth > 1 && fn >= 0 && startsTopLevel(ts, inDirective, i + 1)) {
        if (!recoveredClose)
          problems.push({
            line: ts.line[i],
            message: `unbalanced braces: ${depth - 1} '{' left open in ${owners[fn].name}()`,
          });
        recoveredClose = true;
        depth = 1;
      }
      depth--;
      while (inits.length && inits[inits.length - 1].depth > depth) inits.pop();
      if (depth === 0 && fn >= 0) {
        owners[fn].closeTok = i;
        fn = -1;
      }
      resetStmt(i);
    } else if (ch === 59 /* ; */) resetStmt(i);
    else if (ch === 61 /* = */) assign = true;
    else if (ch === 46 /* . */ && inits.length) {
      const top = inits[inits.length - 1];
      // The token before the field, past directive lines (`#ifdef CONFIG_X` between two fields).
      let prev = i - 1;
      while (prev >= 0 && inDirective[prev]) prev--;
      if (
        top.depth === depth &&
        (isPunct(ts, prev, '{') || isPunct(ts, prev, ',')) &&
        ts.kind[i + 1] === Tok.Ident &&
        isPunct(ts, i + 2, '=')
      ) {
        const v = i + 3;
        const plain = ts.kind[v] === Tok.Ident && (isPunct(ts, v + 1, ',') || isPunct(ts, v + 1, '}'));
        const handlerTok = plain && tokenText(ts, v) !== 'NULL' ? v : -1;
        top.init.fields.push({ dotTok: i, fieldTok: i + 1, handlerTok });
      }
    }
  }
  if (depth > 0) {
    const where = fn >= 0 ? ` in ${owners[fn].name}() (opened at line ${ts.line[owners[fn].openTok]})` : '';
    problems.push({
      line: ts.line[Math.max(0, ts.count - 1)] ?? 1,
      message: `unbalanced braces: ${depth} '{' not closed at end of file${where}`,
    });
  }
  return { owners, tokenOwner, inDirective, ops, problems };
}
