import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { GrowthBook } from '@growthbook/growthbook';
import { fnv1a32, hash, bucketRanges, growthBookRanges, normalise, chooseVariant, inLayer, variantOf, assignLocally } from '../src/hash.js';

test('fnv1a32 matches the published FNV-1a 32-bit values', () => {
  // reference values from the FNV specification's test suite (draft-eastlake-fnv)
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});

test('rangesGiveEachVariantItsWeightTimesCoverage', () => {
  assert.deepEqual(bucketRanges([50, 50], 0.5), [[0, 0.25], [0.5, 0.75]]);
  assert.equal(chooseVariant(0.3, bucketRanges([50, 50], 0.5)), -1);
  assert.equal(chooseVariant(0.6, bucketRanges([50, 50], 0.5)), 1);
});

// The real GrowthBook SDK decides with its public API: same variant and same in/out for every case.
const visitors = ['v-123', 'visitor-0', 'üser-😀', '', '5f0c9d3e-6a1e-4a4f-9a55-3f0b1d2c4e5f',
  ...Array.from({ length: 300 }, (_, i) => 'v' + i * 7919)];
const designs = [
  { seed: 'pricing-hero-2026q4', weights: [0.5, 0.5], coverage: 1 },
  { seed: 'cta-upgrade', weights: [0.2, 0.3, 0.5], coverage: 0.8 },
  { seed: 'nps-widget', weights: [0.1, 0.9], coverage: 0.35 },
  { seed: 'referral-reward', weights: [0.25, 0.25, 0.25, 0.25], coverage: 1 },
];
for (const d of designs) {
  test(`matchesGrowthBookForSeed ${d.seed} weights ${d.weights} coverage ${d.coverage}`, () => {
    for (const visitor of visitors) {
      const gb = new GrowthBook({ attributes: { id: visitor } });
      const r = gb.run({ key: d.seed, seed: d.seed, hashVersion: 2, variations: d.weights.map((_, i) => i),
        weights: d.weights, coverage: d.coverage });
      const n = hash(d.seed, visitor);
      const i = chooseVariant(n, bucketRanges(d.weights, d.coverage));
      if (visitor === '') continue; // GrowthBook skips visitors without an id; we never have one
      if (r.bucket !== undefined) assert.equal(n, r.bucket, `bucket of ${visitor}`); // GrowthBook omits it when out
      assert.equal(i >= 0, r.inExperiment, `in experiment: ${visitor}`);
      if (i >= 0) assert.equal(i, r.variationId, `variant of ${visitor}`);
    }
  });
}

test('weightsNeedNotSumToOne', () => {
  assert.deepEqual(bucketRanges([1, 3]), bucketRanges([25, 75]));
});

test('assignsLocallyWithTheAssignResponseShape', () => {
  const experiments = [{ id: 'hero', stage: 'activation', kind: 'landing_page',
    variants: [{ key: 'control', weight: 50, payload: { h: 'a' } }, { key: 'benefit', weight: 50, payload: { h: 'b' } }] }];
  const [a] = assignLocally(experiments, 'v-123');
  const expected = chooseVariant(hash('hero', 'v-123'), bucketRanges([50, 50])) === 0 ? 'control' : 'benefit';
  assert.deepEqual(a, { experiment: 'hero', stage: 'activation', kind: 'landing_page', variant: expected,
    payload: expected === 'control' ? { h: 'a' } : { h: 'b' } });
  assert.deepEqual(assignLocally(experiments, 'v-123', 'adoption'), []);
});

// The shared vectors written with the Java engine (test-vectors/assignment.json).
const vectorsFile = new URL('../../test-vectors/assignment.json', import.meta.url);
const vectors = existsSync(vectorsFile) ? JSON.parse(readFileSync(vectorsFile, 'utf8')) : null;
const withVectors = { skip: !vectors && 'test-vectors/assignment.json is not there' };
const close = (a, b) => Math.abs(a - b) < 1e-9;

test('hashVectors', withVectors, () => {
  for (const [seed, value, version, expected] of vectors.hash) assert.equal(hash(seed, value, version), expected, `${seed}/${value}/v${version}`);
});

test('inLayerVectors', withVectors, () => {
  for (const [name, visitor, [layer, start, end], expected] of vectors.in_layer) {
    assert.equal(inLayer(visitor, { name: layer, start, end }), expected, name);
  }
});

test('bucketRangeVectors', withVectors, () => {
  for (const [name, [count, coverage, weights], expected] of vectors.bucket_ranges) {
    const ranges = growthBookRanges(count, coverage, weights);
    assert.equal(ranges.length, expected.length, name);
    ranges.forEach((r, i) => assert.ok(close(r[0], expected[i][0]) && close(r[1], expected[i][1]), `${name}: ${r} vs ${expected[i]}`));
  }
});

test('normalisedWeightVectors', withVectors, () => {
  for (const [name, weights, expected] of vectors.normalised_weights) assert.deepEqual(normalise(weights), expected, name);
});

test('chooseVariantVectors', withVectors, () => {
  for (const [name, n, ranges, expected] of vectors.choose_variant) assert.equal(chooseVariant(n, ranges), expected, name);
});

test('experimentVectors', withVectors, () => {
  for (const [name, experiment, visitor, expected] of vectors.experiments) assert.equal(variantOf(experiment, visitor), expected, name);
});

test('localAssignmentUsesTheYamlLayerShape', () => {
  const variants = [{ key: 'control', weight: 1 }, { key: 'a', weight: 1 }];
  for (const visitor of ['1', '2', '3', 'v-123']) {
    assert.equal(variantOf({ id: 'hero-a', layer: { name: 'pricing-page', range: [0, 0.5] }, variants }, visitor),
      variantOf({ id: 'hero-a', layer: { name: 'pricing-page', start: 0, end: 0.5 }, variants }, visitor));
  }
});
