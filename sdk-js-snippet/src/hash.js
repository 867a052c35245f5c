// GrowthBook-compatible bucketing ("hash version 2", DESIGN.md §4): the same numbers as the server,
// so a page can assign offline from a cached experiment list.

/** FNV-1a 32-bit over UTF-16 code units, unsigned. */
export function fnv1a32(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The visitor's position in [0, 1) for a seed: fnv1a32(str(fnv1a32(seed + visitor))) % 10000 / 10000. */
export function hash(seed, visitor) {
  return (fnv1a32(fnv1a32(seed + visitor) + '') % 10000) / 10000;
}

/** Variant i owns [cum_i, cum_i + coverage * w_i) with weights normalised to sum 1. */
export function bucketRanges(weights, coverage = 1) {
  const total = weights.reduce((a, w) => a + w, 0);
  let cum = 0;
  return weights.map((w) => {
    const start = cum;
    cum += w / total;
    return [start, start + coverage * (w / total)];
  });
}

/** Index of the range holding n, or -1 ("not in the experiment"). */
export function chooseVariant(n, ranges) {
  return ranges.findIndex((r) => n >= r[0] && n < r[1]);
}

/**
 * Assigns locally from experiment definitions shaped like the catalog
 * ({id, seed?, stage, kind, coverage?, variants: [{key, weight, payload}]}), same result shape as /v1/assign.
 * Layers and targeting other than the stage are the server's job: experiments with a layer are skipped.
 */
export function assignLocally(experiments, visitor, stage) {
  const out = [];
  for (const e of experiments || []) {
    if (e.layer || (stage && e.stage !== stage) || (e.status && e.status !== 'running')) continue;
    const i = chooseVariant(hash(e.seed || e.id, visitor), bucketRanges(e.variants.map((v) => v.weight), e.coverage ?? 1));
    if (i < 0) continue;
    const v = e.variants[i];
    out.push({ experiment: e.id, stage: e.stage, kind: e.kind, variant: v.key, payload: v.payload || {} });
  }
  return out;
}
