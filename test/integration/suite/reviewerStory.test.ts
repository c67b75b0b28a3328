// The reviewer's story (issue #6) inside the real extension host, on Linux 6.12: the lens
// above mmu_notifier_invalidate_range_start(&range) simulates and the timeline renders PTE
// and SPTE bands; SPTE zaps carry kvm_unmap_gfn_range in their cause chain; v6.1 against
// rfc-v2 moves remote_tlb_flush; "Export timeline…" writes Perfetto JSON holding every
// event (one track per lane), SVG, PNG and a plain-text summary.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TimelineRun } from '../../../src/protocol/messages';
import { testEvents } from './env';
import { simulateAndRender, targetSiteArgs, type SiteArgs } from './story';

const COMPARE = ['v6.1', 'rfc-v2'];

interface TraceEventLike {
  ph: string;
  pid: number;
  tid?: number;
  name: string;
  ts?: number;
  args?: { name?: string; cause?: string[] };
}

function kindsOf(events: readonly { kind: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
  return m;
}

describe('Reviewer story on Linux 6.12 mm/mprotect.c (extension host)', function () {
  let args: SiteArgs;
  let lensRun: TimelineRun;
  let compareRun: TimelineRun;
  let dir: string;

  before(async function () {
    this.timeout(90_000);
    dir = mkdtempSync(join(tmpdir(), 'mmu-lens-export-'));
    const site = await targetSiteArgs();
    args = site.args;
    console.log(
      `  site mm/mprotect.c:${site.line}: preset ${args.preset}, variants ${args.variants.join(' vs ')}`,
    );
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('the lens runs its scenario; the timeline renders PTE and SPTE bands for every variant', async function () {
    this.timeout(90_000);
    const { run, rendered } = await simulateAndRender(args);
    lensRun = run;
    console.log(`  rendered: ${JSON.stringify(rendered)}`);
    assert.deepEqual(
      run.results.map((r) => r.variant),
      args.variants,
    );
    for (const r of run.results) {
      assert.ok(r.timeline.pteBands.length > 0, `${r.variant}: PTE bands`);
      assert.ok(r.timeline.spteBands.length > 0, `${r.variant}: SPTE bands`);
      assert.ok(
        r.timeline.pteBands.some((b) => b.state === 'present'),
        `${r.variant}: some PTEs present`,
      );
    }
    const bands = run.results.reduce(
      (s, r) => s + r.timeline.pteBands.length + r.timeline.spteBands.length,
      0,
    );
    const events = run.results.reduce((s, r) => s + r.timeline.events.length, 0);
    assert.equal(rendered.bands, bands, 'the page drew every band of the run');
    assert.equal(rendered.events, events, 'the page indexed every event of the run');
  });

  it('every SPTE zap of the tree variant names kvm_unmap_gfn_range (arch/x86/kvm/mmu/mmu.c) under a kvm_main.c notifier handler', function () {
    assert.ok(lensRun, 'the lens run');
    const tree = lensRun.results[0];
    const zaps = tree.timeline.events.filter((e) => e.kind === 'spte_zap');
    console.log(
      `  ${tree.variant}: ${zaps.length} SPTE zap event(s); kinds ${JSON.stringify([...kindsOf(tree.timeline.events)])}`,
    );
    assert.ok(zaps.length > 0, `${tree.variant} zaps SPTEs on this path`);
    console.log(`  cause chain: ${zaps[0].cause.map((c) => `${c.file}:${c.fn}`).join(' → ')}`);
    for (const z of zaps) {
      const chain = z.cause.map((c) => `${c.file}:${c.fn}`);
      assert.ok(chain.includes('arch/x86/kvm/mmu/mmu.c:kvm_unmap_gfn_range'), chain.join(' → '));
      assert.ok(
        z.cause.some((c) => c.file === 'virt/kvm/kvm_main.c'),
        `a virt/kvm/kvm_main.c handler in ${chain.join(' → ')}`,
      );
    }
  });

  it(`comparing ${COMPARE.join(' with ')} on this site changes remote_tlb_flush`, async function () {
    this.timeout(90_000);
    const { run } = await simulateAndRender({ ...args, variants: COMPARE });
    compareRun = run;
    assert.deepEqual(
      run.results.map((r) => r.variant),
      COMPARE,
    );
    const [a, b] = run.results.map((r) => r.counters.remote_tlb_flush);
    console.log(`  remote_tlb_flush: ${COMPARE[0]} ${a}, ${COMPARE[1]} ${b}, Δ ${b - a}`);
    assert.notEqual(b - a, 0, 'RFC v2 changes the number of remote TLB flushes');
  });

  it('Export → Perfetto JSON parses and holds every event of the run, one track per lane', async function () {
    this.timeout(60_000);
    assert.ok(compareRun, 'the compare run is on the timeline');
    const target = join(dir, 'trace.json');
    const written = await vscode.commands.executeCommand<string>(
      'mmuNotifierLens.exportTimeline',
      'perfetto',
      target,
    );
    assert.equal(written, target);
    const trace = JSON.parse(readFileSync(target, 'utf8')) as { traceEvents: TraceEventLike[] };
    assert.ok(Array.isArray(trace.traceEvents), 'traceEvents');
    compareRun.results.forEach((r, i) => {
      const pid = i + 1;
      const mine = trace.traceEvents.filter((e) => e.pid === pid);
      const proc = mine.find((e) => e.ph === 'M' && e.name === 'process_name');
      assert.equal(proc?.args?.name, r.variant, `process ${pid} is ${r.variant}`);
      const slices = mine.filter((e) => e.ph === 'X' || e.ph === 'i');
      assert.equal(
        slices.length,
        r.timeline.events.length,
        `${r.variant}: one trace event per timeline event`,
      );
      assert.deepEqual(
        [...kindsOf(slices.map((e) => ({ kind: e.name })))].sort(),
        [...kindsOf(r.timeline.events)].sort(),
        `${r.variant}: the same events by kind`,
      );
      const tracks = new Map<number, string>();
      for (const e of mine)
        if (e.ph === 'M' && e.name === 'thread_name' && e.tid !== undefined)
          tracks.set(e.tid, e.args?.name ?? '');
      const lanes = new Set(r.timeline.events.map((e) => e.lane));
      for (const e of slices)
        assert.ok(e.tid !== undefined && tracks.has(e.tid), `${e.name} on a named track`);
      assert.ok([...tracks.values()].includes('Host PTE') && [...tracks.values()].includes('SPTE (EPT)'));
      assert.ok(tracks.size >= lanes.size, `${tracks.size} tracks for ${lanes.size} lanes`);
      const zap = slices.find((e) => e.name === 'spte_zap');
      if (zap)
        assert.ok(
          zap.args?.cause?.some((c) => c.endsWith(':kvm_unmap_gfn_range')),
          'zap cause chain kept',
        );
    });
    const hook = (await testEvents()).history.find((e) => e.event === 'exported' && e.path === target);
    assert.ok(hook, 'the "exported" test event names the file');
  });

  it('Export → SVG, PNG and the plain-text summary', async function () {
    this.timeout(60_000);
    const svg = join(dir, 'timeline.svg');
    await vscode.commands.executeCommand('mmuNotifierLens.exportTimeline', 'svg', svg);
    const svgText = readFileSync(svg, 'utf8');
    assert.match(svgText, /^(<\?xml[^>]*>\s*)?<svg\b/);
    assert.match(svgText, /<\/svg>\s*$/);
    for (const v of COMPARE) assert.ok(svgText.includes(v), `the SVG names ${v}`);
    assert.ok(svgText.includes('PTE') && svgText.includes('SPTE'), 'the SVG has the PTE and SPTE lanes');

    const png = join(dir, 'timeline.png');
    await vscode.commands.executeCommand('mmuNotifierLens.exportTimeline', 'png', png);
    const bytes = readFileSync(png);
    assert.deepEqual(
      [...bytes.subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      'PNG signature',
    );
    assert.ok(bytes.length > 2000, `PNG of ${bytes.length} bytes`);

    const txt = join(dir, 'summary.txt');
    await vscode.commands.executeCommand('mmuNotifierLens.exportTimeline', 'text', txt);
    const text = readFileSync(txt, 'utf8');
    const row = text.split('\n').find((l) => /^\s*remote_tlb_flush\s/.test(l));
    assert.ok(row, `a remote_tlb_flush row in:\n${text}`);
    const [a, b] = compareRun.results.map((r) => r.counters.remote_tlb_flush.toLocaleString('en-US'));
    assert.ok(row.includes(a) && row.includes(b), `"${row}" has ${a} and ${b}`);
    for (const v of COMPARE) assert.ok(text.includes(v), `the summary names ${v}`);
    console.log(`  svg ${svgText.length} chars, png ${bytes.length} bytes, text:\n${row}`);
  });
});
