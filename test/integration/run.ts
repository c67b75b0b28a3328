// The real-VS-Code tier: install the VSIX into a fresh code-server, start it on
// 127.0.0.1, run (a) the mocha suites inside its extension host and (b) the UI end-to-end
// checks in Chromium, stop code-server (always), and write a JSON summary per sub-tier.
//
//   node dist/test/integration/run.js --code-server BIN --vsix FILE --workspace DIR \
//        --artifacts DIR [--only exthost|e2e] [--keep]
//
// Env for the suites (set on code-server, inherited by its extension hosts):
//   MMU_LENS_TEST_RESULTS=<artifacts>/exthost.json  the mocha suites' results
// The suites get the extension's test events from its API (ExtensionMode.Test); the e2e
// checks, against the installed VSIX (ExtensionMode.Production), read its log file.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodeServer } from './harness/codeServer';
import { launchBrowser, type Browser } from './harness/browser';
import { runExtHostTests } from './harness/extHostTests';
import { shotPath, type E2EContext } from './e2e/check';
import { ACTIVATED_LINE, HostLog } from './harness/hostLog';
import { checks } from './e2e/checks';
import { runChecks } from './e2e/runChecks';
import { errorText, readTierResult, tierResult, writeJson, type TierResult } from './shared/results';

const { values: args } = parseArgs({
  options: {
    'code-server': { type: 'string' },
    vsix: { type: 'string' },
    workspace: { type: 'string' },
    artifacts: { type: 'string', default: '.artifacts' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const repo = resolve(__dirname, '../../..');
const artifacts = resolve(args.artifacts ?? '.artifacts');
const vscodeDir = join(artifacts, 'vscode');
const e2eDir = join(artifacts, 'e2e');
const extHostResults = join(vscodeDir, 'exthost.json');

function need(name: 'code-server' | 'workspace'): string {
  const v = args[name];
  if (!v) throw new Error(`--${name} is required`);
  return resolve(v);
}

/** The activations the extension logged in this code-server (duration and ExtensionMode), as a note. */
function withActivationNote(cs: CodeServer, result: TierResult): TierResult {
  const seen = new HostLog(cs.logsDir)
    .lines()
    .map((l) => ACTIVATED_LINE.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => `${m[1]} ms (${m[2]})`);
  return {
    ...result,
    notes: { ...result.notes, activation: seen.length ? seen.join(', ') : 'no "activated in" log line' },
  };
}

async function extHostTier(cs: CodeServer, browser: Browser, workspace: string): Promise<TierResult> {
  const t0 = Date.now();
  rmSync(extHostResults, { force: true });
  console.log('\n── real VS Code (a): mocha suites in the extension host');
  const testsPath = join(repo, 'dist/test/integration/suite/index.js');
  const run = await runExtHostTests(browser.context, cs.baseUrl, {
    devPath: repo,
    testsPath,
    folder: workspace,
    timeoutMs: 300_000,
  });
  const seconds = (Date.now() - t0) / 1000;
  const result = readTierResult(extHostResults);
  if (!result) {
    // The suites never reported (run() threw before mocha, or the host died): one failure.
    return tierResult(
      'vscode-exthost',
      [
        {
          title: 'extension-host suites report results',
          state: 'failed',
          ms: 0,
          error: `exit ${run.exitCode}, no ${extHostResults}`,
        },
      ],
      seconds,
    );
  }
  if (result.passed + result.failed === 0) {
    result.tests.push({
      title: 'extension-host suites ran tests',
      state: 'failed',
      ms: 0,
      error: 'no test ran',
    });
    result.failed++;
  } else if (run.exitCode !== 0 && result.failed === 0) {
    result.tests.push({
      title: 'extension-host run exits 0',
      state: 'failed',
      ms: 0,
      error: `exit ${run.exitCode}`,
    });
    result.failed++;
  }
  return { ...result, tier: 'vscode-exthost', seconds };
}

async function e2eTier(cs: CodeServer, browser: Browser, workspace: string): Promise<TierResult> {
  const t0 = Date.now();
  console.log('\n── real VS Code (b): UI end to end (Chromium)');
  rmSync(e2eDir, { recursive: true, force: true });
  mkdirSync(e2eDir, { recursive: true });
  const page = await browser.context.newPage();
  page.on('console', (m) => {
    if (
      m.type() === 'error' &&
      !/vsda|Service Worker|favicon|Failed to load resource|shutdown are unsupported/.test(m.text())
    ) {
      console.log(`    [browser error] ${m.text().slice(0, 200)}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !/\/vsda\b|favicon/.test(r.url()))
      console.log(`    [http ${r.status()}] ${r.url().slice(0, 160)}`);
  });
  const screenshots: string[] = [];
  const ctx: E2EContext = {
    page,
    baseUrl: cs.baseUrl,
    workspace,
    artifacts: e2eDir,
    async screenshot(name) {
      const p = shotPath(e2eDir, name);
      await page.screenshot({ path: p });
      screenshots.push(p);
      return p;
    },
    hostLog: new HostLog(cs.logsDir),
    state: new Map(),
    log: (m) => console.log(`      ${m}`),
  };
  // MMU_LENS_E2E_GREP=RE: only the checks whose name matches (a check whose `requires` did not run fails).
  const grep = process.env.MMU_LENS_E2E_GREP ? new RegExp(process.env.MMU_LENS_E2E_GREP) : undefined;
  const records = await runChecks(ctx, grep ? checks.filter((c) => grep.test(c.name)) : checks);
  await page.close().catch(() => undefined);
  return tierResult('vscode-e2e', records, (Date.now() - t0) / 1000);
}

/** A fresh code-server (own user data, VSIX installed) for one phase, so phases don't share editor state. */
async function withCodeServer<T>(
  phase: string,
  workspace: string,
  vsix: string | undefined,
  fn: (cs: CodeServer) => Promise<T>,
): Promise<T> {
  const t0 = Date.now();
  const logFile = join(vscodeDir, `code-server-${phase}.log`);
  const cs = new CodeServer({
    bin: need('code-server'),
    vsix,
    workspace,
    logFile,
    env: { MMU_LENS_TEST_RESULTS: extHostResults },
    keep: args.keep,
  });
  current = cs;
  try {
    await cs.install();
    await cs.start();
    if (process.env.MMU_LENS_PID_FILE && cs.pid)
      writeJson(process.env.MMU_LENS_PID_FILE, { codeServerPgid: cs.pid });
    console.log(
      `code-server (${phase}) on ${cs.baseUrl}, pgid ${cs.pid}, ready in ${((Date.now() - t0) / 1000).toFixed(1)}s; log ${logFile}`,
    );
    return await fn(cs);
  } finally {
    await cs.stop();
    current = undefined;
  }
}

let current: CodeServer | undefined;
let browser: Browser | undefined;

async function main(): Promise<number> {
  const workspace = need('workspace');
  const vsix = args.vsix ? resolve(args.vsix) : undefined;
  mkdirSync(vscodeDir, { recursive: true });
  const results: TierResult[] = [];
  const onSignal = (sig: NodeJS.Signals): void => {
    console.log(`\n${sig}: stopping code-server`);
    void Promise.allSettled([browser?.close(), current?.stop()]).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const phases: { name: string; run: (cs: CodeServer, b: Browser) => Promise<TierResult> }[] = [];
  if (args.only !== 'e2e') phases.push({ name: 'exthost', run: (cs, b) => extHostTier(cs, b, workspace) });
  if (args.only !== 'exthost') phases.push({ name: 'e2e', run: (cs, b) => e2eTier(cs, b, workspace) });
  for (const phase of phases) {
    const t0 = Date.now();
    try {
      browser ??= await launchBrowser();
      const b = browser;
      results.push(
        await withCodeServer(phase.name, workspace, vsix, async (cs) =>
          withActivationNote(cs, await phase.run(cs, b)),
        ),
      );
    } catch (e) {
      console.log(`real VS Code tier (${phase.name}) broke: ${errorText(e)}`);
      results.push(
        tierResult(
          `vscode-${phase.name}`,
          [
            {
              title: `${phase.name}: code-server starts and the browser drives it`,
              state: 'failed',
              ms: 0,
              error: errorText(e),
            },
          ],
          (Date.now() - t0) / 1000,
        ),
      );
    }
  }
  await browser?.close();
  console.log('');
  for (const r of results) {
    const act = r.notes?.activation !== undefined ? `; activation ${r.notes.activation}` : '';
    console.log(
      `[tier] ${r.tier}: ${r.passed} passed / ${r.failed} failed in ${r.seconds.toFixed(1)}s${act}`,
    );
    for (const t of r.tests.filter((x) => x.state === 'failed'))
      console.log(`    ✗ ${t.title}: ${t.error ?? ''}`);
  }
  console.log("(activation: activate() start -> providers registered, from the extension's log)");
  if (existsSync(e2eDir)) console.log(`screenshots: ${e2eDir}`);
  writeJson(join(vscodeDir, 'summary.json'), results);
  return results.some((r) => r.failed > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
