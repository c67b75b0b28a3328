// npm run bench: every bench*.ts module's function, their human lines, then ONE line of JSON with every figure.
import { benchCore } from './core';
import { benchSites } from './sites';
import { benchPatch } from './patch';
import { benchWebview } from './webview/benchWebview';
import { benchTraceImport } from './traceImport';

const BENCHES: (() => Promise<Record<string, number | boolean>>)[] = [
  benchCore,
  benchSites,
  benchPatch,
  benchWebview,
  () => benchTraceImport(),
];

async function main(): Promise<void> {
  const all: Record<string, number | boolean> = {};
  for (const b of BENCHES) Object.assign(all, await b());
  console.log(JSON.stringify(all));
}

void main();
