// Which identifier a function definition's header names. Kernel headers carry macros
// before and after the declarator (`static __always_inline int __init foo(…) __must_hold(x)`,
// `SYSCALL_DEFINE3(mprotect, …)`, a macro invocation without `;` on the line before), so:
// the last `NAME(` at parenthesis depth 0 that is not an attribute-like macro.
import { Tok, TokenStream, tokenText } from './cLexer';

const ATTRIBUTE_MACRO =
  /^(__attribute__|__attribute|__printf|__scanf|__aligned|__section|__alloc_size|__realloc_size|__diag\w*|__must_hold|__acquires|__releases|__cond_acquires|__cond_releases|__no_\w+|__counted_by\w*|__assume_aligned|__cleanup|__free|__malloc|__nocfi|_Alignas|alignas|__declspec|__asm__|asm|__typeof__|typeof|__nonstring|__ksym|__weak|__SYSCALL_DEFINEx)$/;

/** Token index of the function name in header tokens [from, to), or -1 when it is no function header. */
export function functionNameOfHeader(ts: TokenStream, from: number, to: number, skip: Uint8Array): number {
  let paren = 0;
  let best = -1;
  let prevIdent = -1;
  for (let i = Math.max(0, from); i < to; i++) {
    if (skip[i]) continue;
    const k = ts.kind[i];
    if (k === Tok.Ident) {
      prevIdent = i;
      continue;
    }
    if (k === Tok.Punct && ts.end[i] - ts.start[i] === 1) {
      const ch = ts.text.charCodeAt(ts.start[i]);
      if (ch === 40 /* ( */) {
        if (
          paren === 0 &&
          prevIdent === i - 1 &&
          prevIdent >= 0 &&
          !ATTRIBUTE_MACRO.test(tokenText(ts, prevIdent))
        )
          best = prevIdent;
        paren++;
      } else if (ch === 41 /* ) */) paren = Math.max(0, paren - 1);
      else if (ch === 61 /* = */ && paren === 0) return -1;
    }
    prevIdent = -1;
  }
  return best;
}

/** `SYSCALL_DEFINE3(mprotect, …)` is the definition of `sys_mprotect`: the name a reviewer searches. */
export function displayFunctionName(ts: TokenStream, nameTok: number): string {
  const name = tokenText(ts, nameTok);
  if (/^(COMPAT_)?SYSCALL_DEFINE\d$/.test(name) && ts.kind[nameTok + 2] === Tok.Ident) {
    return `${name.startsWith('COMPAT') ? 'compat_sys_' : 'sys_'}${tokenText(ts, nameTok + 2)}`;
  }
  return name;
}
