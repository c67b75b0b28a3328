// Debian's Chromium, driven by playwright-core (which downloads no browser of its own).
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

export { CHROMIUM };

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'mmu-lens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: process.env.MMU_LENS_HEADED !== '1',
    viewport: { width: 1600, height: 1000 },
    args: CHROMIUM_ARGS,
  });
  // Nothing may leave this machine: report any request that is not to 127.0.0.1. Webview
  // resources (https://*.vscode-resource.vscode-cdn.net/…) are answered by the workbench's
  // service worker from code-server, not fetched from that host.
  context.on('request', (r) => {
    const u = r.url();
    if (
      !/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:|vscode-|about:|chrome-extension:|https:\/\/[\w.+-]+\.vscode-resource\.vscode-cdn\.net\/)/.test(
        u,
      )
    ) {
      console.log(`  [external request] ${u.slice(0, 160)}`);
    }
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
