// A C tokenizer for kernel sources: identifiers, numbers, string/char literals and
// punctuators, with comments dropped and preprocessor lines bracketed by DirStart/DirEnd
// tokens (backslash continuations and comments inside them handled). It never throws and
// never backtracks: unterminated comments run to the end of the file, unterminated string
// and char literals end at the end of their line, so half-typed text still lexes in one pass.

export const enum Tok {
  Ident = 1,
  Number = 2,
  Literal = 3,
  Punct = 4,
  /** `#` at the start of a line; its text is the directive name (`define`, `ifdef`, …). */
  DirStart = 5,
  DirEnd = 6,
}

/** The tokens of one text, as parallel arrays (cheap to build and to scan). */
export interface TokenStream {
  text: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** 1-based line of the token's start. */
  line: Int32Array;
  /** 0-based column of the token's start. */
  col: Int32Array;
  /** Set when the text ends inside a block comment (the line it opened on). */
  unterminatedCommentLine: number;
}

const CH_NL = 10;
const CH_CR = 13;
const CH_SLASH = 47;
const CH_STAR = 42;
const CH_BSLASH = 92;
const CH_HASH = 35;
const CH_DQ = 34;
const CH_SQ = 39;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
/** First characters of the two-character operators whose second character is `=`. */
function takesEq(c: number): boolean {
  return (
    c === 61 ||
    c === 33 ||
    c === 60 ||
    c === 62 ||
    c === 43 ||
    c === 45 ||
    c === 42 ||
    c === 47 ||
    c === 37 ||
    c === 38 ||
    c === 124 ||
    c === 94
  );
}

/** Returns the text of token i. */
export function tokenText(ts: TokenStream, i: number): string {
  return ts.text.slice(ts.start[i], ts.end[i]);
}

/** Tokenizes a whole C text. */
export function lexC(text: string): TokenStream {
  const n = text.length;
  let cap = Math.max(64, (n >> 2) + 16);
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let lineA = new Int32Array(cap);
  let colA = new Int32Array(cap);
  let count = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let inDirective = false;
  let unterminatedCommentLine = 0;

  const push = (k: number, s: number, e: number, ln: number, c: number): void => {
    if (count === cap) {
      cap *= 2;
      const grow = <T extends Uint8Array | Int32Array>(a: T, make: (len: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      kind = grow(kind, (l) => new Uint8Array(l));
      start = grow(start, (l) => new Int32Array(l));
      end = grow(end, (l) => new Int32Array(l));
      lineA = grow(lineA, (l) => new Int32Array(l));
      colA = grow(colA, (l) => new Int32Array(l));
    }
    kind[count] = k;
    start[count] = s;
    end[count] = e;
    lineA[count] = ln;
    colA[count] = c;
    count++;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CH_NL) {
      if (inDirective) {
        push(Tok.DirEnd, i, i, line, i - lineStart);
        inDirective = false;
      }
      i++;
      line++;
      lineStart = i;
      atLineStart = true;
      continue;
    }
    if (c === 32 || c === 9 || c === CH_CR || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === CH_BSLASH) {
      // Line continuation (also `\` + CR LF): whitespace that does not end a directive.
      let j = i + 1;
      if (text.charCodeAt(j) === CH_CR) j++;
      if (text.charCodeAt(j) === CH_NL) {
        i = j + 1;
        line++;
        lineStart = i;
        continue;
      }
      push(Tok.Punct, i, i + 1, line, i - lineStart);
      i++;
      atLineStart = false;
      continue;
    }
    if (c === CH_SLASH && text.charCodeAt(i + 1) === CH_STAR) {
      const k = text.indexOf('*/', i + 2);
      const stop = k < 0 ? n : k;
      if (k < 0) unterminatedCommentLine = line;
      for (let m = text.indexOf('\n', i + 2); m >= 0 && m < stop; m = text.indexOf('\n', m + 1)) {
        line++;
        lineStart = m + 1;
      }
      i = k < 0 ? n : k + 2;
      continue;
    }
    if (c === CH_SLASH && text.charCodeAt(i + 1) === CH_SLASH) {
      const k = text.indexOf('\n', i);
      i = k < 0 ? n : k;
      continue;
    }
    const col = i - lineStart;
    if (c === CH_HASH && atLineStart && !inDirective) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      const nameStart = j;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push(Tok.DirStart, nameStart, j, line, col);
      inDirective = true;
      atLineStart = false;
      i = j;
      continue;
    }
    atLineStart = false;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push(Tok.Ident, i, j, line, col);
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isIdentPart(d) || d === 46) j++;
        else if ((d === 43 || d === 45) && /[eEpP]/.test(text[j - 1])) j++;
        else break;
      }
      push(Tok.Number, i, j, line, col);
      i = j;
      continue;
    }
    if (c === CH_DQ || c === CH_SQ) {
      const startLine = line;
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === c) {
          j++;
          break;
        }
        if (d === CH_NL) break; // unterminated: ends with its line
        if (d === CH_BSLASH) {
          if (text.charCodeAt(j + 1) === CH_NL) {
            line++;
            lineStart = j + 2;
          }
          j += 2;
          continue;
        }
        j++;
      }
      if (j > n) j = n;
      push(Tok.Literal, i, j, startLine, col);
      i = j;
      continue;
    }
    // Punctuators: `->`, `X=` pairs, else one character.
    const d = text.charCodeAt(i + 1);
    let len = 1;
    if (c === 45 && d === 62) len = 2;
    else if (d === 61 && takesEq(c)) len = 2;
    push(Tok.Punct, i, i + len, line, col);
    i += len;
  }
  if (inDirective) push(Tok.DirEnd, n, n, line, n - lineStart);
  return { text, count, kind, start, end, line: lineA, col: colA, unterminatedCommentLine };
}
