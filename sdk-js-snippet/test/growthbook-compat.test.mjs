// Proves that Momentum's assignment equals the real @growthbook/growthbook SDK (hash version 2,
// weights, coverage, namespaces = Momentum layers) on the shared vectors written by the Java side.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { GrowthBook } from "@growthbook/growthbook";

const vectors = (name) =>
  JSON.parse(readFileSync(new URL(`../../test-vectors/${name}`, import.meta.url), "utf8"));

const cases = vectors("assignment.json");
const crossCheck = vectors("assignment-growthbook.json");

/** GrowthBook's run() for one visitor: the variant index, or -1 when not in the experiment. */
function runGrowthBook(id, experiment) {
  const gb = new GrowthBook({ attributes: { id } });
  try {
    const result = gb.run(experiment);
    return result.inExperiment ? result.variationId : -1;
  } finally {
    gb.destroy();
  }
}

/** GrowthBook does not export hash(); run() reports it as `bucket` when ranges cover [0, 1). */
function growthBookHash(seed, value, version) {
  const gb = new GrowthBook({ attributes: { id: value } });
  try {
    const result = gb.run({ key: seed, seed, hashVersion: version, variations: [0, 1], ranges: [[0, 1], [1, 1]] });
    return result.inExperiment ? result.bucket : null;
  } finally {
    gb.destroy();
  }
}

test("hash cases equal GrowthBook's hash (through run().bucket)", () => {
  let checked = 0;
  for (const [seed, value, version, expected] of cases.hash) {
    if (value === "") continue; // GrowthBook never hashes an empty id (not in experiment); Java checks this row alone
    assert.equal(growthBookHash(seed, value, version), expected, `hash(${JSON.stringify(seed)}, ${JSON.stringify(value)}, ${version})`);
    checked++;
  }
  assert.ok(checked >= cases.hash.length - 1);
});

test("in_layer cases equal GrowthBook's inNamespace", () => {
  for (const [name, id, namespace, expected] of cases.in_layer) {
    const index = runGrowthBook(id, { key: "layer-probe", hashVersion: 2, variations: [0, 1], namespace });
    assert.equal(index >= 0, expected, name);
  }
});

test("experiment cases equal GrowthBook's run()", () => {
  for (const [name, experiment, id, expectedKey] of cases.experiments) {
    const raw = experiment.variants.map((v) => v.weight);
    const total = raw.reduce((sum, w) => sum + w, 0);
    const index = runGrowthBook(id, {
      key: experiment.id,
      seed: experiment.seed ?? experiment.id,
      hashVersion: 2,
      variations: experiment.variants.map((_, i) => i),
      weights: raw.map((w) => w / total),
      coverage: experiment.coverage ?? 1,
      namespace: experiment.layer ? [experiment.layer.name, experiment.layer.start, experiment.layer.end] : undefined,
    });
    assert.equal(index < 0 ? null : experiment.variants[index].key, expectedKey, name);
  }
});

test("10,000 generated ids x every setting: GrowthBook assigns exactly what Momentum's Java engine wrote", () => {
  const { ids, settings } = crossCheck;
  assert.ok(ids.length >= 10000, `only ${ids.length} ids`);
  let compared = 0;
  const mismatches = [];
  for (let i = 0; i < ids.length; i++) {
    const gb = new GrowthBook({ attributes: { id: ids[i] } });
    for (const s of settings) {
      const result = gb.run({
        key: s.key,
        seed: s.seed,
        hashVersion: 2,
        variations: s.weights.map((_, v) => v),
        weights: s.weights,
        coverage: s.coverage,
        namespace: s.namespace ?? undefined,
      });
      const actual = result.inExperiment ? result.variationId : -1;
      compared++;
      if (actual !== s.expected[i] && mismatches.length < 10) {
        mismatches.push({ id: ids[i], setting: s.name, growthbook: actual, momentum: s.expected[i] });
      }
    }
    gb.destroy();
  }
  assert.deepEqual(mismatches, []);
  assert.equal(compared, ids.length * settings.length);
});
