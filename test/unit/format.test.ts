import { strict as assert } from 'node:assert';
import { formatBytes, formatCount, formatDelta, formatMs, formatMsDelta } from '../../src/protocol/format';

describe('number formatting shared by the CLI, the text summary and the page', () => {
  it('groups thousands and keeps the sign in ASCII', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(-43920), '-43,920');
    assert.equal(formatCount(12.34), '12.3');
    assert.equal(formatCount(1234.6), '1,235');
  });
  it('writes deltas with a percentage of the base, and 0 for no change', () => {
    assert.equal(formatDelta(8625 - 35, 35), '+8,590 (x246)');
    assert.equal(formatDelta(35 - 10, 10), '+25 (+250%)');
    assert.equal(formatDelta(-4015, 8625), '-4,015 (-47%)');
    assert.equal(formatDelta(1500, 0), '+1,500');
    assert.equal(formatDelta(0, 7), '0');
  });
  it('writes milliseconds with two decimals and sizes in GiB or MiB', () => {
    assert.equal(formatMs(2_257_123_456), '2,257.12');
    assert.equal(formatMs(999_999), '1.00');
    assert.equal(formatMsDelta(-500_000), '-0.50');
    assert.equal(formatMsDelta(0), '0');
    assert.equal(formatBytes(16 * 2 ** 30), '16 GiB');
    assert.equal(formatBytes(88 * 2 ** 20), '88 MiB');
  });
});
