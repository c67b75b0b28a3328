// Entry point of the extension-host tests: VS Code (code-server, or @vscode/test-electron)
// loads this file's bundle (dist/test/integration/suite/index.js) through
// `extensionTestsPath` and calls run(). Mocha resolves from the repo's node_modules
// (extensionDevelopmentPath is the repo root). Results go to $MMU_LENS_TEST_RESULTS as
// JSON (the extension host inherits code-server's environment, not the URL's).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import SummaryReporter from '../shared/summaryReporter';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: SummaryReporter,
    reporterOptions: { tier: 'vscode-exthost' },
  });
  const grep = process.env.MMU_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
