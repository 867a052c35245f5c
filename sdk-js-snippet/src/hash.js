// GrowthBook-compatible bucketing (DESIGN.md §4): the same numbers as the server, so a page can assign
// offline from a cached experiment list. Checked against test-vectors/assignment.json and @growthbook/growthbook.

/** FNV-1a 32-bit over UTF-16 code units, unsigned. */
export function fnv1a32(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Version 2 (default): fnv1a32(str(fnv1a32(seed + value))) % 10000 / 10000; version 1: fnv1a32(value + seed) % 1000 / 1000. */
export function hash(seed, value, version = 2) {
  if (version === 2) return (fnv1a32(fnv1a32(seed + value) + '') % 10000) / 10000;
  return version === 1 ? (fnv1a32(value + seed) % 1000) / 1000 : null;
}

/** GrowthBook's getBucketRanges: coverage clamped to [0, 1]; missing or bad weights become equal weights. */
export function growthBookRanges(count, coverage, weights) {
  const c = Math.min(1, Math.max(0, coverage));
  const equal = Array(count).fill(1 / count);
  let w = weights && weights.length === count ? weights : equal;
  const total = w.reduce((a, x) => a + x, 0);
  if (total < 0.99 || total > 1.01) w = equal;
  let cum = 0;
  return w.map((x) => {
    const start = cum;
    cum += x;
    return [start, start + c * x];
  });
}

/** Weights on any scale divided by their sum. */
export const normalise = (weights) => {
  const total = weights.reduce((a, x) => a + x, 0);
  return weights.map((x) => x / total);
};

/** Variant i owns [cum_i, cum_i + coverage * w_i) with normalised weights. */
export const bucketRanges = (weights, coverage = 1) => growthBookRanges(weights.length, coverage, normalise(weights));

/** Index of the first range holding n, or -1 ("not in the experiment"). */
export const chooseVariant = (n, ranges) => ranges.findIndex((r) => n >= r[0] && n < r[1]);

/** A layer ({name, start, end} or the YAML's {name, range: [start, end]}) admits the visitor (GrowthBook's inNamespace). */
export function inLayer(visitor, layer) {
  const [start, end] = layer.range || [layer.start, layer.end];
  const n = hash('__' + layer.name, visitor, 1);
  return n >= start && n < end;
}

/** The variant key of one experiment definition for a visitor, or null: layer first, then coverage and weights. */
export function variantOf(e, visitor) {
  if (e.layer && !inLayer(visitor, e.layer)) return null;
  const i = chooseVariant(hash(e.seed || e.id, visitor), bucketRanges(e.variants.map((v) => v.weight ?? 1), e.coverage ?? 1));
  return i < 0 ? null : e.variants[i].key;
}

/**
 * Assigns locally from catalog-shaped definitions ({id, seed?, stage, kind, status?, layer?, coverage?,
 * variants: [{key, weight, payload}]}), same result shape as /v1/assign. Targeting (url, attributes, device)
 * stays the server's job: give the snippet only the experiments meant for the page.
 */
export function assignLocally(experiments, visitor, stage) {
  const out = [];
  for (const e of experiments || []) {
    if ((stage && e.stage !== stage) || (e.status && e.status !== 'running')) continue;
    const key = variantOf(e, visitor);
    const v = e.variants.find((x) => x.key === key);
    if (v) out.push({ experiment: e.id, stage: e.stage, kind: e.kind, variant: v.key, payload: v.payload || {} });
  }
  return out;
}
