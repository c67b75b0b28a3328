// The timeline page's test probe (src/webview/testProbe.ts, `window.__mmuLens`), read from
// the node side through the webview frame. The VSIX holds no probe: before each call this
// file injects its bundle (dist/webviewTestProbe.js) into the frame when the page has none
// yet (also after the page reloaded), as a <script> with the page's CSP nonce. Its types are
// src/protocol/testProbe.ts, shared with the page.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { webviewFrame } from './workbench';
import type { EventKind } from '../../../src/protocol/simulation';
import type {
  MmuLensProbe,
  ProbeEventPos,
  ProbeLaneBands,
  ProbeSummary,
  ProbeTable,
  ProbeTooltip,
} from '../../../src/protocol/testProbe';

export type { ProbeEventPos, ProbeLaneBands, ProbeSummary, ProbeTable, ProbeTooltip };

type Probe = MmuLensProbe;

/** The probe's bundle, which esbuild.mjs writes beside the page's (dist/webview.js). */
export function probeBundle(): string {
  for (let d = __dirname; d !== dirname(d); d = dirname(d))
    if (existsSync(join(d, 'package.json'))) return join(d, 'dist', 'webviewTestProbe.js');
  throw new Error(`no package.json above ${__dirname}`);
}
let probeSource: string | undefined;

/** The bits of the page's DOM the injection uses (the node-side tsconfig has no DOM lib). */
interface PageDom {
  __mmuLens?: Probe;
  document: {
    querySelector(selector: string): { nonce?: string } | null;
    createElement(tag: 'script'): { nonce: string; textContent: string };
    body: { appendChild(node: object): unknown };
  };
}

/** Puts the probe into the webview's page unless it is there; true when it injected it. */
export async function ensureProbe(page: Page): Promise<boolean> {
  probeSource ??= readFileSync(probeBundle(), 'utf8');
  return webviewFrame(page)
    .locator('body')
    .evaluate((_body, src: string) => {
      const w = globalThis as unknown as PageDom;
      if (w.__mmuLens) return false;
      // The nonce the host gave the page's own script: the page's CSP admits a script carrying it.
      const own = w.document.querySelector('script[src$="/webview.js"]');
      const script = w.document.createElement('script');
      script.nonce = own?.nonce ?? '';
      script.textContent = src;
      w.document.body.appendChild(script);
      if (!w.__mmuLens) throw new Error('the probe script did not run in the webview (CSP nonce?)');
      return true;
    }, probeSource);
}

type Call =
  | { m: 'summary' }
  | { m: 'eventScreenPos'; kind: EventKind; group?: number }
  | { m: 'laneBands'; lane: 'pte' | 'spte' }
  | { m: 'countersTable' }
  | { m: 'tooltip' };

async function call<T>(page: Page, c: Call): Promise<T> {
  await ensureProbe(page);
  return webviewFrame(page)
    .locator('body')
    .evaluate((_body, arg: Call) => {
      const p = (globalThis as unknown as { __mmuLens?: Probe }).__mmuLens;
      if (!p) throw new Error('window.__mmuLens is missing (the page reloaded after ensureProbe?)');
      switch (arg.m) {
        case 'summary':
          return p.summary();
        case 'eventScreenPos':
          return p.eventScreenPos(arg.kind, { group: arg.group });
        case 'laneBands':
          return p.laneBands(arg.lane);
        case 'countersTable':
          return p.countersTable();
        case 'tooltip':
          return p.tooltip();
      }
    }, c) as Promise<T>;
}

export const probe = {
  summary: (page: Page) => call<ProbeSummary | null>(page, { m: 'summary' }),
  eventScreenPos: (page: Page, kind: EventKind, group?: number) =>
    call<ProbeEventPos | null>(page, { m: 'eventScreenPos', kind, group }),
  laneBands: (page: Page, lane: 'pte' | 'spte') => call<ProbeLaneBands[]>(page, { m: 'laneBands', lane }),
  countersTable: (page: Page) => call<ProbeTable[]>(page, { m: 'countersTable' }),
  tooltip: (page: Page) => call<ProbeTooltip>(page, { m: 'tooltip' }),
};

/** Waits until `read` answers something `ok` accepts; throws with the last answer. */
export async function waitForProbe<T>(
  page: Page,
  read: (page: Page) => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read(page);
      if (ok(last)) return last;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await page.waitForTimeout(200);
  }
}
