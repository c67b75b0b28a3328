// The extension's own log, as code-server writes it anyway: the LogOutputChannel
// "MMU Notifier Lens" (src/extension/log.ts) lands in <user-data>/logs/<session>/exthost*/
// <extension id>/MMU Notifier Lens.log. The checks against the installed VSIX (which runs in
// ExtensionMode.Production and so has no test events) read what the host did from here.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LOG_NAME = 'MMU Notifier Lens.log';

function findLogs(dir: string, depth = 0): string[] {
  if (depth > 5 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findLogs(p, depth + 1));
    else if (e.name === LOG_NAME) out.push(p);
  }
  return out;
}

export class HostLog {
  /** `logsDir`: code-server's <user-data>/logs. */
  constructor(readonly logsDir: string) {}

  /** The newest "MMU Notifier Lens.log" under logsDir (the current extension host's). */
  file(): string | undefined {
    return findLogs(this.logsDir)
      .map((p) => ({ p, t: statSync(p).mtimeMs }))
      .sort((a, b) => b.t - a.t)[0]?.p;
  }

  lines(): string[] {
    const f = this.file();
    return f ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Waits for the `nth` (0-based) line that `re` matches; returns its match. */
  async waitFor(re: RegExp, timeoutMs: number, nth = 0): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hits = this.lines()
        .map((l) => re.exec(l))
        .filter((m): m is RegExpExecArray => !!m);
      if (hits.length > nth) return hits[nth];
      if (Date.now() > deadline)
        throw new Error(
          `no line matching ${re} in the extension's log within ${timeoutMs} ms (${this.file() ?? `no ${LOG_NAME} under ${this.logsDir}`})`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** "activated in N ms (Mode mode)", the line activate() writes. */
export const ACTIVATED_LINE = /activated in (\d+) ms \((\w+) mode\)/;
/** The line the host writes when the page reports 'rendered' (src/extension/timelinePanel.ts). */
export const RENDERED_LINE = /timeline rendered: (\d+) lanes, (\d+) bands, (\d+) events in (\d+) ms/;
