// Scenario files: schema validation with errors naming path / expected / received, --set, presets.
import { strict as assert } from 'node:assert';
import schema from '../../schemas/mmulens.schema.json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applySet,
  listPresets,
  loadPreset,
  OPERATIONS,
  parseScenario,
  presetForOperation,
  ScenarioError,
} from '../../src/core/sim';

const root = join(__dirname, '..', '..');

function err(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('no ScenarioError thrown');
}

describe('scenario: parse and validate', () => {
  it('fills every default from an empty object', () => {
    const sc = parseScenario({});
    assert.equal(sc.guest.memory_gib, 64);
    assert.equal(sc.duration_s, 600);
    assert.equal(sc.host.vcpu_nodes.length, sc.guest.vcpus);
    assert.equal(sc.cost.spte_zap_4k_ns, 265);
    assert.equal(sc.host.preempt, 'voluntary');
    assert.equal(sc.host.preempt_dynamic, true);
    assert.deepEqual(sc.vmm, { smm: false, lowmem_gib: 0, other_vmas: [] });
    // the schema documents the same defaults the parser fills
    const props = (
      schema as unknown as {
        properties: Record<string, { properties: Record<string, { default?: unknown }> }>;
      }
    ).properties;
    assert.equal(props.host.properties.preempt.default, sc.host.preempt);
    assert.equal(props.vmm.properties.smm.default, sc.vmm.smm);
  });

  it('a wrong type names the path, the expected and the received value', () => {
    const e = err(() => parseScenario({ guest: { memory_gib: 'big' } }, 'my.mmulens.json'));
    assert.equal(e.path, 'guest.memory_gib');
    assert.equal(e.expected, 'number');
    assert.equal(e.received, '"big"');
    assert.match(e.message, /^my\.mmulens\.json: guest\.memory_gib: expected number, received "big"$/);
  });

  it('out of range, enum, unknown field, array items', () => {
    assert.match(
      err(() => parseScenario({ duration_s: -1 })).message,
      /duration_s: expected a number >= 0.001, received -1/,
    );
    assert.match(
      err(() => parseScenario({ device: { kind: 'pci' } })).message,
      /device\.kind: expected one of "vfio", "mdev", "none", received "pci"/,
    );
    assert.match(
      err(() => parseScenario({ guest: { memroy_gib: 4 } })).message,
      /guest\.memroy_gib: expected no such field/,
    );
    assert.match(
      err(() => parseScenario({ operations: [{ op: 'fork' }] })).message,
      /operations\[0\]\.op: expected one of/,
    );
    assert.match(
      err(() => parseScenario({ special_pages: [{ gfn: 1, kind: 'ksm' }] })).message,
      /special_pages\[0\]\.pages: expected a value \(required\)/,
    );
    assert.match(
      err(() => parseScenario({ host: { numa_nodes: 2, vcpu_nodes: [0, 3] } })).message,
      /host\.vcpu_nodes\[1\]/,
    );
  });

  it('--set changes one field and validates it', () => {
    const sc = loadPreset('vfio-boot');
    assert.equal(applySet(sc, 'guest.memory_gib=1024').guest.memory_gib, 1024);
    assert.equal(applySet(sc, 'device.kind=none').device.kind, 'none');
    assert.equal(applySet(sc, 'guest.vcpus=4').host.vcpu_nodes.length, 4);
    assert.match(
      err(() => applySet(sc, 'guest.memory_gib=lots')).message,
      /guest\.memory_gib: expected number, received "lots"/,
    );
    assert.throws(() => applySet(sc, 'nonsense'), /path=value/);
  });

  it('every preset file loads, is listed, and the list matches presets/', () => {
    const files = readdirSync(join(root, 'presets'))
      .filter((f) => f.endsWith('.mmulens.json'))
      .map((f) => f.replace(/\.mmulens\.json$/, ''))
      .sort();
    assert.deepEqual(
      listPresets()
        .map((p) => p.name)
        .sort(),
      files,
    );
    for (const f of files) {
      const sc = loadPreset(f);
      assert.equal(sc.name, f);
      assert.ok(sc.description.length > 20, `${f} has no description`);
    }
    for (const name of [
      'vfio-boot',
      'mdev-partial',
      'no-device',
      'thp-vfio',
      'hugetlbfs-vfio',
      'memfd-vfio',
      'no-pin-1g',
      'rfc-v1-false-positive',
    ])
      assert.ok(files.includes(name), name);
  });

  it('presetForOperation maps every operation to its focused preset', () => {
    for (const op of OPERATIONS)
      assert.ok(
        listPresets().some((p) => p.name === presetForOperation(op)),
        op,
      );
    assert.equal(presetForOperation('soft_dirty'), 'op-soft-dirty');
    assert.equal(presetForOperation('munmap'), 'op-munmap');
    assert.equal(presetForOperation('numa_balancing'), 'vfio-boot');
    assert.equal(presetForOperation('something-else'), 'vfio-boot');
  });

  it('the schema documents every field', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'mmulens.schema.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const walk = (node: Record<string, unknown>, path: string): void => {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [k, v] of Object.entries(props ?? {})) {
        assert.ok(typeof v.description === 'string' && v.description.length > 5, `${path}${k} undocumented`);
        walk(v, `${path}${k}.`);
        if (v.items) walk(v.items as Record<string, unknown>, `${path}${k}[].`);
      }
    };
    walk(schema, '');
  });
});
