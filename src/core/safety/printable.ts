// Text that came from an input (a Makefile's EXTRAVERSION, a scenario's name, a file name) and
// is printed to a terminal or a plain-text export: control characters (ESC, BEL, CR, the C1
// range, bidi overrides) would let that input move the cursor, recolour or rewrite what the
// user reads. They are shown as visible escapes instead (\u001b, \u202e).

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate marks.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// \uXXXX: readable in a terminal and a valid escape inside a JSON string (the CLI's --json).
const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `s` with every terminal control character written as a visible escape; newlines and tabs kept. */
export function printable(s: string): string {
  return s.replace(UNSAFE, escape);
}

/** `s` on one line: like printable(), and newlines, tabs too. */
export function printableLine(s: string): string {
  return printable(s).replace(/[\n\t]/g, escape);
}
