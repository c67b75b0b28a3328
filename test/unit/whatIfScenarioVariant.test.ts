// What-if on a variant the scenario file defines itself (`my-fix`, extending v6.12 with
// kvmDeferNumaZap): the rules panel's flip asks for `my-fix+kvmDeferNumaZap=false`, which must
// resolve on that scenario (the scenario variant's rules plus the flipped one) and simulate beside
// the others, as flips of built-in variants do.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { variantRulesOf, whatIfVariant } from '../../src/extension/whatIf';
import { parseScenario, resolveScenarioVariant } from '../../src/core/scenario';
import { parseVariantId } from '../../src/core/variants';
import { prepareSimulationRequest, type SimulationRequestSpec } from '../../src/core/sim';

const FIXTURE = join(__dirname, '..', 'fixtures', 'scenarios', 'own-variant.mmulens.json');

function request(variants: string[]): SimulationRequestSpec {
  return {
    scenario: JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown,
    scenarioSource: FIXTURE,
    variants,
  };
}

describe('what-if on a scenario-defined variant', () => {
  it('flipping my-fix’s kvmDeferNumaZap names my-fix+kvmDeferNumaZap=false, and it resolves on the scenario', () => {
    const req = request(['v6.12', 'my-fix']);
    const id = whatIfVariant(req, 'my-fix', 'kvmDeferNumaZap', false);
    assert.equal(id, 'my-fix+kvmDeferNumaZap=false');
    const sc = parseScenario(req.scenario, FIXTURE);
    const flipped = resolveScenarioVariant(sc, id);
    const own = resolveScenarioVariant(sc, 'my-fix');
    assert.equal(flipped.id, id);
    assert.equal(own.rules.kvmDeferNumaZap, true, 'the fixture’s my-fix defers NUMA zaps');
    assert.equal(flipped.rules.kvmDeferNumaZap, false, 'the flip is applied');
    // Every other rule stays my-fix's (hence v6.12's), the flipped one cites the variant id.
    assert.deepEqual({ ...flipped.rules, kvmDeferNumaZap: true }, own.rules);
    assert.deepEqual({ ...flipped.rules, kvmDeferNumaZap: false }, parseVariantId('v6.12').rules);
    assert.match(flipped.cites.kvmDeferNumaZap ?? '', /my-fix\+kvmDeferNumaZap=false/);
    assert.match(flipped.cites.cowSkip ?? '', /./, 'inherited rules keep their citations');
  });

  it('a string rule of a scenario variant flips too, and the rules panel lists the flipped variant', () => {
    const req = request(['v6.12', 'my-fix']);
    const [, mine] = variantRulesOf(req);
    const cow = mine.rules.find((r) => r.rule === 'cowSkip');
    assert.ok(cow, 'my-fix lists cowSkip');
    const other = cow.choices.find((c) => c !== cow.value);
    assert.ok(typeof other === 'string', `cowSkip has another value to flip to: ${cow.choices.join(', ')}`);
    const id = whatIfVariant(req, 'my-fix', 'cowSkip', other);
    assert.equal(id, `my-fix+cowSkip=${other}`);
    const rules = variantRulesOf({ ...req, variants: [...req.variants, id] });
    assert.deepEqual(
      rules.map((r) => r.variant),
      ['v6.12', 'my-fix', id],
    );
    assert.equal(rules[2].rules.find((r) => r.rule === 'cowSkip')?.value, other);
    assert.equal(rules[2].rules.find((r) => r.rule === 'kvmDeferNumaZap')?.value, true);
  });

  it('the run with the flipped scenario variant is accepted before any simulation work', () => {
    const req = request(['v6.12', 'my-fix', 'my-fix+kvmDeferNumaZap=false']);
    assert.equal(prepareSimulationRequest(req).label, 'own-variant');
  });

  it('a bad flip of a scenario variant still names what is wrong', () => {
    const req = request(['v6.12', 'my-fix']);
    assert.throws(() => whatIfVariant(req, 'my-fix', 'cowSkip', 'nonsense'), /cowSkip.*needs a value/);
    assert.throws(() => whatIfVariant(req, 'not-shown', 'kvmDeferNumaZap', true), /not in the shown run/);
    const sc = parseScenario(req.scenario, FIXTURE);
    assert.throws(
      () => resolveScenarioVariant(sc, 'other-fix+kvmDeferNumaZap'),
      /unknown variant 'other-fix'/,
    );
  });
});
