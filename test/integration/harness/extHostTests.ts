// Run the mocha suites (dist/test/integration/suite/index.js) inside code-server's real
// extension host. code-server refuses --extensionTestsPath on its command line, but the
// workbench page takes it in the URL payload; when the run ends the workbench calls
// window.codeAutomationExit(code), and forwards console.* through codeAutomationLog.
import { format } from 'node:util';
import type { BrowserContext } from 'playwright-core';

export interface ExtHostRun {
  exitCode: number | 'timeout';
  seconds: number;
}

const NOISE =
  /connection token|Creating a socket|builtin extensions cache|ChatSessionStore|Service Worker|vsda|\[Extension Host\] \(node:\d+\) \[DEP/;

export async function runExtHostTests(
  context: BrowserContext,
  baseUrl: string,
  opts: { devPath: string; testsPath: string; folder: string; timeoutMs: number },
): Promise<ExtHostRun> {
  const t0 = Date.now();
  const page = await context.newPage();
  let done: (code: number | 'timeout') => void = () => undefined;
  const exited = new Promise<number | 'timeout'>((r) => (done = r));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const line = format(...(args ?? []));
    if (!NOISE.test(line)) console.log(type === 'error' ? `  [ext-host error] ${line}` : `  ${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => done(code));
  const auth = new URL(baseUrl).host;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${auth}${opts.devPath}`],
    ['extensionTestsPath', `vscode-remote://${auth}${opts.testsPath}`],
  ];
  await page.goto(
    `${baseUrl}/?folder=${encodeURIComponent(opts.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  const timer = setTimeout(() => done('timeout'), opts.timeoutMs);
  const exitCode = await exited;
  clearTimeout(timer);
  await page.close().catch(() => undefined);
  return { exitCode, seconds: (Date.now() - t0) / 1000 };
}
