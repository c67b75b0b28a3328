// The page's messages to the host (issue 14, item 7): only known types with well-formed fields
// are acted on; a forged or malformed message is dropped (property test over random objects).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { isWebviewToHost } from '../../src/protocol/messages';

describe('hostile page messages: the host checks type and fields', () => {
  it('accepts every well-formed message the page sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'rendered', lanes: 12, bands: 300, events: 4000, ms: 16.5 },
      { type: 'openSource', ref: { file: 'mm/mprotect.c', fn: 'change_pmd_range' } },
      { type: 'exported', requestId: 3, format: 'png', data: 'data:image/png;base64,AAAA' },
      { type: 'log', level: 'warn', message: 'slow frame' },
      { type: 'requestDetail', t0: 0, t1: 1e9 },
      { type: 'whatIf', variant: 'v6.1', rule: 'kvmDeferNumaZap', value: true },
      { type: 'whatIf', variant: 'v6.12', rule: 'cowSkip', value: 'page_count' },
    ])
      assert.ok(isWebviewToHost(m), JSON.stringify(m));
  });

  it('refuses unknown types, prototype names and malformed fields', () => {
    for (const m of [
      null,
      'ready',
      [],
      { type: 42 },
      { type: 'constructor' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'openSource' },
      { type: 'whatIf', variant: 'v6.1', rule: 'kvmDeferNumaZap' },
      { type: 'whatIf', variant: 'v6.1', rule: 'kvmDeferNumaZap', value: 1 },
      { type: 'whatIf', variant: 42, rule: 'kvmDeferNumaZap', value: true },
      { type: 'openSource', ref: 'mm/mprotect.c' },
      { type: 'openSource', ref: { file: 42, fn: 'f' } },
      { type: 'openSource', ref: { file: 'x'.repeat(5000), fn: 'f' } },
      { type: 'rendered', lanes: '12', bands: 1, events: 1, ms: 1 },
      { type: 'rendered', lanes: Infinity, bands: 1, events: 1, ms: 1 },
      { type: 'exported', requestId: 1.5, format: 'png', data: '' },
      { type: 'exported', requestId: 1, format: 'html', data: '' },
      { type: 'log', level: 'debug', message: 'x' },
      { type: 'log', level: 'info', message: 'x'.repeat(70_000) },
      { type: 'requestDetail', t0: 5, t1: 5 },
      { type: 'requestDetail', t0: -1, t1: 5 },
      { type: 'requestDetail', t0: NaN, t1: 5 },
    ])
      assert.equal(isWebviewToHost(m), false, JSON.stringify(m));
  });

  it('never throws and accepts only known types (property)', () => {
    const known = new Set(['ready', 'rendered', 'openSource', 'exported', 'log', 'requestDetail']);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.oneof(fc.constantFrom(...known), fc.string()) }, { requiredKeys: [] }),
          fc.dictionary(
            fc.constantFrom('type', 'ref', 't0', 't1', 'level', 'message', 'data'),
            fc.anything(),
          ),
        ),
        (m) => {
          const ok = isWebviewToHost(m);
          if (ok) assert.ok(known.has((m as { type: string }).type));
        },
      ),
      { numRuns: 2000, seed: 14 },
    );
  });
});
