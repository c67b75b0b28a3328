// Splits a patch file into mail messages: an mbox (git format-patch `From <sha> …` lines,
// `b4 am` output), one .eml / .patch message with headers, or a plain diff (one message with
// no headers). Headers are unfolded; quoted-printable bodies are decoded (then line numbers
// inside that message are approximate, and a warning says so).

export interface RawMessage {
  headers: Map<string, string>;
  /** Body lines, and the 1-based patch-file line of the first one. */
  body: string[];
  bodyLine: number;
  startLine: number;
  warnings: string[];
}

const MBOX_FROM = /^From \S+ +\w{3} \w{3} +\d+ [\d:]+ \d{4}\s*$|^From [0-9a-f]{40} /;
const HEADER = /^([A-Za-z][\w-]*):[ \t]?(.*)$/;

function decodeQuotedPrintable(lines: string[]): string[] {
  const joined = lines.join('\n').replace(/=\r?\n/g, '');
  return joined
    .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .split('\n');
}

function parseMessage(lines: string[], from: number, to: number): RawMessage {
  const headers = new Map<string, string>();
  const warnings: string[] = [];
  let i = from;
  if (i < to && MBOX_FROM.test(lines[i])) i++;
  let last = '';
  const looksLikeHeaders = i < to && HEADER.test(lines[i]) && !/^(diff|index|---|\+\+\+)/.test(lines[i]);
  if (looksLikeHeaders) {
    for (; i < to && lines[i] !== ''; i++) {
      const line = lines[i];
      if (/^[ \t]/.test(line) && last) {
        headers.set(last, `${headers.get(last)} ${line.trim()}`);
        continue;
      }
      const m = HEADER.exec(line);
      if (!m) break;
      last = m[1].toLowerCase();
      headers.set(last, m[2]);
    }
    if (i < to && lines[i] === '') i++;
  }
  let body = lines.slice(i, to);
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'quoted-printable') {
    body = decodeQuotedPrintable(body);
    warnings.push('quoted-printable body decoded; line numbers inside it are approximate');
  } else if (encoding === 'base64') {
    warnings.push('base64-encoded body: not decoded, no diff read from it');
    body = [];
  }
  return { headers, body, bodyLine: i + 1, startLine: from + 1, warnings };
}

/** The messages of a patch file, in file order. */
export function splitMessages(text: string): RawMessage[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // the final newline ends a line, it starts none
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (MBOX_FROM.test(lines[i]) && (i === 0 || lines[i - 1] === '')) starts.push(i);
  }
  if (starts.length === 0 || starts[0] !== 0) {
    // Text before the first `From ` line (or no mbox at all) is a message of its own.
    if (starts.length === 0 || lines.slice(0, starts[0]).some((l) => l.trim())) starts.unshift(0);
  }
  return starts.map((s, k) => parseMessage(lines, s, k + 1 < starts.length ? starts[k + 1] : lines.length));
}
