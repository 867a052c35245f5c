// The snippet sends the raw first-touch values test-vectors/channels.json is written in; the server derives the channel
// from them (its rules are the one implementation, see TrafficSource.java), so there is no JavaScript port to test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { createMomentum } from '../src/core.js';

const vectors = JSON.parse(readFileSync(new URL('../../test-vectors/channels.json', import.meta.url), 'utf8'));
const URL_PARAMETER = /^utm_|clk?id$/;

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
}

/** A window at `url` with `referrer`, sharing `stores` (cookies, localStorage) with earlier visits; each is a new session. */
function visit(url, referrer, stores) {
  const { document } = parseHTML('<html><head></head><body></body></html>');
  Object.defineProperty(document, 'cookie', {
    get: () => [...stores.jar].map(([k, v]) => k + '=' + v).join('; '),
    set: (c) => {
      const [kv, ...attrs] = c.split(';');
      const [k, v] = kv.split('=');
      attrs.some((a) => a.trim() === 'max-age=0') ? stores.jar.delete(k) : stores.jar.set(k, v);
    },
  });
  Object.defineProperty(document, 'readyState', { value: 'complete' });
  Object.defineProperty(document, 'referrer', { value: referrer || '' });
  const requests = [];
  const win = {
    document, navigator: {}, console, crypto: globalThis.crypto, requests, location: new URL(url),
    localStorage: stores.local, sessionStorage: memoryStorage(),
    setTimeout: () => 1, clearTimeout: () => {}, addEventListener: () => {},
    fetch: async (u, opts = {}) => {
      requests.push({ url: new URL(u), body: opts.body });
      return { ok: true, status: 200, json: async () => ({ visitor: 'x', assignments: [] }) };
    },
  };
  createMomentum(win).init({ server: 'https://ab.example' });
  return requests.find((r) => r.url.pathname === '/v1/assign').url.searchParams;
}

const newStores = () => ({ jar: new Map(), local: memoryStorage() });

for (const [name, raw, ownHost] of vectors.channels) {
  const referrer = raw.referrer && /^https?:\/\//.test(raw.referrer) ? raw.referrer : undefined;
  if (raw.referrer && !referrer) continue; // a bare host is how server-side callers may send it, never a browser
  test(`sendsTheRawValuesOf: ${name}`, () => {
    const page = new URL(`https://${ownHost || 'shop.example'}/landing`);
    for (const [k, v] of Object.entries(raw)) if (URL_PARAMETER.test(k)) page.searchParams.set(k, v);
    const sent = visit(page.href, referrer, newStores());
    for (const [k, v] of Object.entries(raw)) if (URL_PARAMETER.test(k)) assert.equal(sent.get('attr.' + k), v, k);
    const host = referrer && new URL(referrer).hostname;
    assert.equal(sent.get('attr.referrer'), host && host !== page.hostname ? host : null);
    assert.equal(sent.get('attr.landing'), '/landing');
    assert.equal(sent.get('attr.visits'), '1');
  });
}

test('aLaterVisitKeepsTheFirstTouchAndCountsAsTheSecondVisit', () => {
  const stores = newStores();
  visit('https://shop.example/pricing?utm_source=google&utm_medium=cpc', 'https://www.google.com/', stores);
  const later = visit('https://shop.example/account', 'https://news.example/', stores);
  assert.equal(later.get('attr.utm_source'), 'google');
  assert.equal(later.get('attr.utm_medium'), 'cpc');
  assert.equal(later.get('attr.referrer'), 'www.google.com');
  assert.equal(later.get('attr.landing'), '/pricing');
  assert.equal(later.get('attr.visits'), '2');
  assert.equal(later.get('attr.visit_source'), 'news.example');
});
