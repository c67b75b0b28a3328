// Serves the timeline page the way the host writes it (same skeleton, same strict CSP with
// a nonce) with the bundled webview, plus benchPage.js in front of it; launches Chromium.
import type * as Esbuild from 'esbuild';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { themeCss, type ThemeKind } from './themes';
import { timelinePageCsp } from '../../src/extension/timelineCsp';

/** The repository root: the nearest folder above this file (or its bundle in dist/) with package.json. */
function findRoot(from: string): string {
  for (let d = from; d !== dirname(d); d = dirname(d)) if (existsSync(join(d, 'package.json'))) return d;
  return process.cwd();
}

const ROOT = findRoot(__dirname);
const OUT = join(ROOT, '.cache', 'bench-webview');

import { CHROMIUM_ARGS } from '../../test/integration/harness/chromium';

export { CHROMIUM_ARGS };

async function bundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  // Loaded at run time (not bundled into dist/bench/bench.js): esbuild ships a native binary.
  const esbuild = createRequire(join(ROOT, 'package.json'))('esbuild') as typeof Esbuild;
  await esbuild.build({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    minify: process.env.MNL_BENCH_DEBUG ? false : true,
    entryPoints: {
      webview: join(ROOT, 'src/webview/main.ts'),
      benchPage: join(ROOT, 'bench/webview/benchPage.ts'),
    },
    outdir: OUT,
    logLevel: 'warning',
  });
}

function html(origin: string, theme: ThemeKind): string {
  const nonce = 'bench0nce';
  const csp = timelinePageCsp(origin, nonce);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${themeCss()}</style>
<link rel="stylesheet" href="${origin}/timeline.css" nonce="${nonce}">
<title>MMU Notifier Lens</title></head>
<body class="${theme}"><div id="app"></div><canvas id="timeline"></canvas>
<script nonce="${nonce}" src="${origin}/benchPage.js"></script>
<script nonce="${nonce}" src="${origin}/webview.js"></script></body></html>`;
}

export interface PageSession {
  browser: Browser;
  server: Server;
  origin: string;
  open(width: number, height: number, theme?: ThemeKind, dpr?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function startSession(): Promise<PageSession> {
  await bundle();
  const files: Record<string, [string, string]> = {
    '/webview.js': [join(OUT, 'webview.js'), 'text/javascript'],
    '/benchPage.js': [join(OUT, 'benchPage.js'), 'text/javascript'],
    '/timeline.css': [join(ROOT, 'media/timeline.css'), 'text/css'],
  };
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const f = files[url.pathname];
    if (url.pathname === '/') {
      const theme = (url.searchParams.get('theme') ?? 'vscode-dark') as ThemeKind;
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(origin, theme));
    } else if (f) res.writeHead(200, { 'content-type': f[1] }).end(readFileSync(f[0]));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    headless: true,
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    server,
    origin,
    async open(width, height, theme = 'vscode-dark', dpr = 1) {
      const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error('[page error]', e.message));
      await page.goto(`${origin}/?theme=${theme}`);
      await page.waitForSelector('body[data-ready="1"]');
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
