// The second runner, for machines that can download VS Code: @vscode/test-electron fetches a
// VS Code build from Microsoft's update servers and runs the same extension-host suites
// (suite/index.ts) in it. CI does not use it (no such download there): CI runs the suites in
// code-server (run.ts). On a Linux box without a display, wrap it in `xvfb-run -a`.
//
//   node esbuild.mjs --tests && node dist/test/integration/electron.js     (npm run test:electron)
//
// Env: MMU_LENS_VSCODE_VERSION (default "stable"), MMU_LENS_CACHE (kernel trees).
import { runTests } from '@vscode/test-electron';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readTierResult } from './shared/results';

async function main(): Promise<number> {
  const repo = resolve(__dirname, '../../..');
  const cache = process.env.MMU_LENS_CACHE ?? join(homedir(), '.cache', 'mmu-notifier-lens');
  const artifacts = join(repo, '.artifacts', 'electron');
  const results = join(artifacts, 'exthost.json');
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const userData = mkdtempSync(join(tmpdir(), 'mmu-lens-electron-'));
  let code = 0;
  try {
    code = await runTests({
      version: process.env.MMU_LENS_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(repo, 'dist/test/integration/suite/index.js'),
      launchArgs: [
        join(cache, 'linux-6.12'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir',
        userData,
      ],
      extensionTestsEnv: {
        MMU_LENS_CACHE: cache,
        MMU_LENS_TEST_RESULTS: results,
      },
    });
  } catch (e) {
    console.error(`test-electron: ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
  const r = readTierResult(results);
  console.log(r ? `${r.passed} passed, ${r.failed} failed` : `0 passed, 1 failed`);
  return r && r.failed === 0 && code === 0 ? 0 : 1;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
