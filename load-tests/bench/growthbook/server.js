// The peer of load-tests/bench.sh: node's http with one shared GrowthBookClient (the real @growthbook/growthbook
// package) evaluating the same experiments Momentum serves, per request, for the visitor in the query, and
// answering JSON shaped like /v1/assign (experiment, variant, payload per assignment).
//
//   node server.js EXPERIMENTS_JSON [port (0 = free)]
// EXPERIMENTS_JSON: [{"id": "...", "variants": [{"key": "...", "weight": 50, "payload": {...}}, ...]}, ...]
// Prints {"message":"growthbook listening on http://127.0.0.1:PORT"} once ready.
"use strict";
const fs = require("fs");
const http = require("http");
const { GrowthBookClient } = require("@growthbook/growthbook");

const experiments = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).map((e) => {
  const total = e.variants.reduce((sum, v) => sum + v.weight, 0);
  return {
    keys: e.variants.map((v) => v.key),
    definition: {
      key: e.id,
      variations: e.variants.map((v) => v.payload),
      weights: e.variants.map((v) => v.weight / total),
      hashAttribute: "id",
      hashVersion: 2,
    },
  };
});
const client = new GrowthBookClient().initSync({ payload: { features: {} } });

const server = http.createServer((req, res) => {
  const query = new URL(req.url, "http://localhost").searchParams;
  const attributes = { id: query.get("visitor") || "" };
  for (const [name, value] of query) {
    if (name.startsWith("attr.")) attributes[name.slice(5)] = value;
  }
  const assignments = [];
  for (const e of experiments) {
    const result = client.runInlineExperiment(e.definition, { attributes, url: query.get("url") || "" });
    if (result.inExperiment) {
      assignments.push({ experiment: e.definition.key, variant: e.keys[result.variationId], payload: result.value });
    }
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ visitor: attributes.id, assignments }));
});
server.listen(Number(process.argv[3] || 0), "127.0.0.1", () => {
  console.log(JSON.stringify({ message: `growthbook listening on http://127.0.0.1:${server.address().port}` }));
});
