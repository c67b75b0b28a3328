import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND, PREFIX, SETTING, settingKey } from '../../src/extension/ids';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Manifest;

describe('extension ids and package.json contributions', () => {
  it('contributes exactly the commands the ids module names, each with the category', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMAND).sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'MMU Notifier Lens', c.command);
  });
  it('every setting the extension reads is contributed under the one prefix', () => {
    const props = Object.keys(manifest.contributes.configuration.properties);
    for (const key of Object.values(SETTING)) assert.ok(props.includes(settingKey(key)), key);
    for (const p of props) assert.ok(p.startsWith(`${PREFIX}.`), p);
  });
});
