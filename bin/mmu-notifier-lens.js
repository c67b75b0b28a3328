#!/usr/bin/env node
// The CLI's entry: runs the bundled dist/cli.js (built by `npm run main` or `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'mmu-notifier-lens: dist/cli.js is missing; run `npm run main` (or `npm run build`) first.\n',
  );
  process.exit(2);
}
const { main, exitQuietlyOnClosedPipe } = require(cli);
exitQuietlyOnClosedPipe();
const io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
