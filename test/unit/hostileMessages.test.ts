// The page's messages to the host (issue 14, item 7): only known types with well-formed fields
// are acted on; a forged or malformed message is dropped (property test over random objects),
// with a reason naming its type for the host's warning (issue 15, item 4). The page checks the
// host's message types the same way.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  hostMessageRefusal,
  isWebviewToHost,
  unhandledMessage,
  webviewMessageRefusal,
} from '../../src/protocol/messages';

describe('hostile page messages: the host checks type and fields', () => {
  it('accepts every well-formed message the page sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'ready', restored: 'vfio-boot · v6.1\nvfio-boot\nv6.1:4000/200/100' },
      { type: 'rendered', lanes: 12, bands: 300, events: 4000, ms: 16.5 },
      { type: 'openSource', ref: { file: 'mm/mprotect.c', fn: 'change_pmd_range' } },
      { type: 'exported', requestId: 3, format: 'png', data: 'data:image/png;base64,AAAA' },
      { type: 'log', level: 'warn', message: 'slow frame' },
      { type: 'requestDetail', requestId: 1, t0: 0, t1: 1e9 },
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
      { type: 'ready', restored: 42 },
      { type: 'ready', restored: 'x'.repeat(5000) },
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
      { type: 'requestDetail', requestId: 1, t0: 5, t1: 5 },
      { type: 'requestDetail', requestId: 1, t0: -1, t1: 5 },
      { type: 'requestDetail', requestId: 1, t0: NaN, t1: 5 },
      { type: 'requestDetail', t0: 0, t1: 5 },
      { type: 'requestDetail', requestId: 0, t0: 0, t1: 5 },
      { type: 'requestDetail', requestId: '1', t0: 0, t1: 5 },
      { type: 'exported', requestId: -3, format: 'svg', data: '<svg/>' },
    ])
      assert.equal(isWebviewToHost(m), false, JSON.stringify(m));
  });

  it('never throws and accepts only known types (property)', () => {
    const known = new Set(['ready', 'rendered', 'openSource', 'exported', 'log', 'requestDetail', 'whatIf']);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.oneof(fc.constantFrom(...known), fc.string()) }, { requiredKeys: [] }),
          fc.dictionary(
            fc.constantFrom('type', 'ref', 't0', 't1', 'level', 'message', 'data', 'requestId'),
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

  it('names the refused type in the reason the host logs as a warning', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'runCommand', command: 'x' }, /^unknown message type "runCommand"$/],
      [{ type: '__proto__' }, /^unknown message type "__proto__"$/],
      [{ type: 'a\nb\u001b[31m' }, /^unknown message type "a\\nb\\u001b\[31m"$/],
      [{ type: 'x'.repeat(10_000) }, /^unknown message type "x{63}…"$/],
      [{ type: 42 }, /^no string type \(type "42"\)$/],
      [{}, /^no string type \(type "undefined"\)$/],
      [null, /^not a message object$/],
      [[{ type: 'ready' }], /^not a message object$/],
      [{ type: 'openSource', ref: 'mm/mprotect.c' }, /^malformed "openSource" message$/],
      [{ type: 'log', level: 'debug', message: 'x' }, /^malformed "log" message$/],
    ];
    for (const [m, re] of cases) assert.match(webviewMessageRefusal(m) ?? 'accepted', re, JSON.stringify(m));
    assert.equal(webviewMessageRefusal({ type: 'ready' }), undefined);
  });

  it('the page refuses host messages of unknown types, naming them', () => {
    for (const type of [
      'load',
      'progress',
      'error',
      'notice',
      'focus',
      'export',
      'detail',
      'detailError',
      'resumeDetail',
    ])
      assert.equal(hostMessageRefusal({ type }), undefined, type);
    assert.equal(hostMessageRefusal({ type: 'eval' }), 'unknown message type "eval"');
    assert.equal(hostMessageRefusal({ type: 'hasOwnProperty' }), 'unknown message type "hasOwnProperty"');
    assert.equal(hostMessageRefusal('load'), 'not a message object');
  });

  it('a message type the switch does not handle throws at run time, naming it', () => {
    assert.throws(() => unhandledMessage({ type: 'novel' } as never), /unhandled message type "novel"/);
  });
});
