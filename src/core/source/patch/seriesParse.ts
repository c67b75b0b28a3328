// parsePatchSeries(): a .patch / .diff / .mbox / .eml file → cover letter, patches (in series
// order), their per-file hunks, and diagnostics naming the file, patch and line.
import { SourceDiagnostic } from '../types';
import { parseDiff } from './diffParse';
import { splitMessages } from './mailSplit';
import { PatchSeries, SeriesMessage } from './types';

const SUBJECT_PREFIX = /^\s*(?:(?:Re|Fwd?):\s*)*\[([^\]]*)\]\s*(.*)$/i;

function parseSubject(subject: string): Pick<SeriesMessage, 'index' | 'total' | 'version' | 'title'> {
  const m = SUBJECT_PREFIX.exec(subject);
  if (!m) return { title: subject.trim() };
  const tags = m[1];
  const nm = /(\d+)\/(\d+)/.exec(tags);
  const vm = /\bv(\d+)\b/i.exec(tags);
  return {
    index: nm ? Number(nm[1]) : undefined,
    total: nm ? Number(nm[2]) : undefined,
    version: vm ? Number(vm[1]) : undefined,
    title: m[2].trim(),
  };
}

/** Parses a patch file. Never throws; problems come back as diagnostics naming `file`. */
export function parsePatchSeries(text: string, file: string): PatchSeries {
  const diagnostics: SourceDiagnostic[] = [];
  const warn = (message: string, line?: number): void => {
    diagnostics.push({
      file,
      severity: 'warning',
      line,
      message: `${file}${line ? `:${line}` : ''}: ${message}`,
    });
  };
  if (text.indexOf('\0') >= 0) {
    return {
      file,
      patches: [],
      diagnostics: [{ file, severity: 'error', message: `${file}: binary file (NUL bytes); not a patch` }],
    };
  }
  const messages: SeriesMessage[] = [];
  for (const raw of splitMessages(text)) {
    for (const w of raw.warnings) warn(w, raw.startLine);
    const subject = raw.headers.get('subject') ?? '';
    const diff = parseDiff(raw.body, raw.bodyLine);
    const parsed = parseSubject(subject);
    const name = parsed.index !== undefined ? `${parsed.index}/${parsed.total}` : parsed.title || 'patch';
    for (const p of diff.problems) warn(`patch ${name}: ${p.message}`, p.patchLine);
    const bodyText = diff.message.join('\n').trim();
    if (!subject && diff.files.length === 0 && !bodyText) continue;
    messages.push({
      ...parsed,
      subject,
      title:
        parsed.title ||
        (diff.files.length ? `diff of ${diff.files.map((f) => f.path).join(', ')}` : '(no subject)'),
      from: raw.headers.get('from'),
      date: raw.headers.get('date'),
      messageId: raw.headers.get('message-id'),
      body: bodyText,
      files: diff.files,
      patchLine: raw.startLine,
    });
  }
  const cover = messages.find((m) => m.index === 0 && m.files.length === 0);
  let patches = messages.filter((m) => m !== cover && m.files.length > 0);
  if (patches.every((p) => p.index !== undefined))
    patches = [...patches].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  for (const m of messages) {
    // A reply in a thread mbox has no diff and is fine; a numbered patch without one is not.
    const looksLikePatch = /\[[^\]]*PATCH/i.test(m.subject) && !/^\s*Re:/i.test(m.subject);
    if (m !== cover && m.files.length === 0 && looksLikePatch)
      warn(`message '${m.subject}' has no diff`, m.patchLine);
  }
  if (messages.length === 0 || (patches.length === 0 && !cover))
    warn('no patch found (no diff and no cover letter)');
  const totals = new Set(patches.map((p) => p.total).filter((t) => t !== undefined));
  const total = totals.size === 1 ? [...totals][0] : undefined;
  if (total !== undefined && patches.length < total) {
    const have = new Set(patches.map((p) => p.index));
    const missing = Array.from({ length: total }, (_, k) => k + 1).filter((k) => !have.has(k));
    if (missing.length)
      warn(`series of ${total} patches is missing ${missing.map((k) => `${k}/${total}`).join(', ')}`);
  }
  return { file, cover, patches, diagnostics };
}

/** How a patch is named in messages: "3/5 mm/mmu_notifier: add callback .numa_protect". */
export function patchName(p: SeriesMessage): string {
  return p.index !== undefined ? `${p.index}/${p.total} ${p.title}` : p.title;
}
