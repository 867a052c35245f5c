import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { createMomentum } from '../src/core.js';
import { render } from '../src/widgets.js';
import { assignLocally } from '../src/hash.js';

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), map: m };
}

/** A window over a linkedom document with in-memory storage, a cookie jar and a recording fetch. */
function fakeWindow({ body = '', url = 'https://shop.example/pricing?utm=1', assignments = [], navigator = {} } = {}) {
  const { document } = parseHTML(`<html><head></head><body>${body}</body></html>`);
  const jar = new Map();
  Object.defineProperty(document, 'cookie', {
    get: () => [...jar].map(([k, v]) => k + '=' + v).join('; '),
    set: (c) => {
      const [kv, ...attrs] = c.split(';');
      const [k, v] = kv.split('=');
      attrs.some((a) => a.trim() === 'max-age=0') ? jar.delete(k) : jar.set(k, v);
      win.cookies.push(c);
    },
  });
  Object.defineProperty(document, 'readyState', { value: 'complete' });
  const requests = [];
  const win = {
    document, navigator, console, crypto: globalThis.crypto, cookies: [], requests, jar,
    location: Object.assign(new URL(url), { replace(to) { win.replacedWith = to; } }),
    localStorage: memoryStorage(), sessionStorage: memoryStorage(),
    setTimeout: (fn) => 1, clearTimeout: () => {}, addEventListener: () => {},
    fetch: async (u, opts = {}) => {
      requests.push({ url: new URL(u), body: opts.body });
      return { ok: true, status: 200, json: async () => ({ visitor: 'x', assignments }) };
    },
  };
  return win;
}

const settle = () => new Promise((r) => setTimeout(r, 5));
const hero = { experiment: 'hero', stage: 'activation', kind: 'landing_page', variant: 'benefit', payload: { headline: 'Grow faster' } };

test('requiredConsentMeansNoIdNoStorageNoRequests', async () => {
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>', assignments: [hero] });
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', consent: 'required' });
  m.track('signup');
  await settle();
  assert.equal(m.visitor(), null);
  assert.deepEqual(win.requests, []);
  assert.equal(win.jar.size, 0);
  assert.equal(win.localStorage.map.size, 0);
  assert.equal(win.document.querySelector('h1').textContent, 'Plans', 'control shows');
  assert.equal(win.document.querySelector('style'), null, 'nothing hidden');
});

test('consentGivenCreatesTheIdAndAssigns', async () => {
  const win = fakeWindow({ assignments: [hero] });
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', consent: 'required' });
  m.consent(true);
  await settle();
  assert.match(m.visitor(), /^[0-9a-f-]{36}$/);
  assert.equal(win.jar.get('momentum_consent'), '1');
  assert.equal(win.requests[0].url.pathname, '/v1/assign');
  assert.equal(win.requests[0].url.searchParams.get('visitor'), m.visitor());
});

test('consentWithdrawnForgetsTheVisitorAndStopsTracking', async () => {
  const win = fakeWindow();
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example' });
  await settle();
  m.consent(false);
  m.track('signup');
  assert.equal(m.visitor(), null);
  assert.equal(win.jar.has('momentum_vid'), false);
  assert.equal(win.localStorage.getItem('momentum_q'), null);
});

test('doNotTrackIsHonouredWhenConfigured', async () => {
  const win = fakeWindow({ navigator: { doNotTrack: '1' } });
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', dnt: true });
  await settle();
  assert.equal(m.visitor(), null);
  assert.deepEqual(win.requests, []);
});

test('visitorIdPersistsInAFirstPartyCookieForAYear', async () => {
  const win = fakeWindow();
  createMomentum(win).init({ server: 'https://ab.example' });
  const set = win.cookies.find((c) => c.startsWith('momentum_vid='));
  assert.match(set, /max-age=31536000;path=\/;SameSite=Lax;Secure$/);
  const again = createMomentum(win);
  again.init({ server: 'https://ab.example' });
  assert.equal(again.visitor(), decodeURIComponent(win.jar.get('momentum_vid')));
});

test('visitorIdCanLiveInLocalStorage', () => {
  const win = fakeWindow();
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', storage: 'local' });
  assert.equal(win.localStorage.getItem('momentum_vid'), m.visitor());
  assert.equal(win.jar.size, 0);
});

test('assignRequestCarriesPathStageAttributesAndAsksNotToTrack', () => {
  const win = fakeWindow();
  createMomentum(win).init({ server: 'https://ab.example', stage: 'activation', site: 'shop', attributes: { country: 'US' } });
  const q = win.requests[0].url.searchParams;
  assert.equal(q.get('url'), '/pricing');
  assert.equal(q.get('stage'), 'activation');
  assert.equal(q.get('attr.site'), 'shop');
  assert.equal(q.get('attr.country'), 'US');
  assert.equal(q.get('track'), 'false');
});

test('appliesTheVariantAndSendsOneExposure', async () => {
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>', assignments: [hero] });
  const m = createMomentum(win);
  const sent = [];
  m.init({ server: 'https://ab.example', visit: false, transport: (url, body) => { sent.push({ url, body: JSON.parse(body) }); return true; } });
  await settle();
  assert.equal(win.document.querySelector('h1').textContent, 'Grow faster');
  assert.equal(m.variant('hero'), 'benefit');
  await m.flush();
  assert.equal(sent[0].url, 'https://ab.example/v1/events');
  assert.deepEqual(sent[0].body.events.map(({ type, experiment, visitor }) => ({ type, experiment, visitor })),
    [{ type: 'exposure', experiment: 'hero', visitor: m.visitor() }]);
});

test('exposureCarriesTheServersTokenBack', async () => {
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>', assignments: [{ ...hero, token: 'ab12cd.signature' }] });
  const m = createMomentum(win);
  const sent = [];
  m.init({ server: 'https://ab.example', transport: (url, body) => { sent.push(JSON.parse(body)); return true; } });
  await settle();
  await m.flush();
  const exposure = sent.flatMap((batch) => batch.events).find((e) => e.type === 'exposure');
  assert.equal(exposure.token, 'ab12cd.signature');
});

test('noExposureWhenNoMarkedElementIsOnThePage', async () => {
  const win = fakeWindow({ assignments: [hero] });
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', visit: false });
  await settle();
  assert.deepEqual(JSON.parse(win.localStorage.getItem('momentum_q') || '[]'), []);
});

test('assignmentsAreCachedForTheSession', async () => {
  const win = fakeWindow({ assignments: [hero] });
  createMomentum(win).init({ server: 'https://ab.example' });
  await settle();
  createMomentum(win).init({ server: 'https://ab.example' });
  await settle();
  assert.equal(win.requests.filter((r) => r.url.pathname === '/v1/assign').length, 1);
});

test('trackSendsAConversionWithValueAndAnIdempotencyId', async () => {
  const win = fakeWindow();
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', visit: false, transport: () => false });
  m.track('first_purchase', { value: 49.9 });
  const [e] = JSON.parse(win.localStorage.getItem('momentum_q'));
  assert.equal(e.type, 'conversion');
  assert.equal(e.goal, 'first_purchase');
  assert.equal(e.value, 49.9);
  assert.match(e.id, /^[0-9a-f-]{36}$/);
});

test('redirectsWithTheQueryStringAndRecordsTheExposureFirst', async () => {
  const lp = { experiment: 'lp', stage: 'activation', kind: 'landing_page', variant: 'b', payload: { redirect: '/pricing-b' } };
  const win = fakeWindow({ assignments: [lp] });
  const m = createMomentum(win);
  const beacons = [];
  m.init({ server: 'https://ab.example', transport: (url, body, unloading) => { beacons.push(unloading); return true; } });
  await settle();
  assert.equal(win.replacedWith, 'https://shop.example/pricing-b?utm=1&momentum_redirect=lp');
  assert.deepEqual(beacons, [true]);
});

test('aBrokenServerAnswerShowsControl', async () => {
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>' });
  win.fetch = async () => { throw new TypeError('Failed to fetch'); };
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example' });
  assert.ok(win.document.querySelector('style'), 'hidden while waiting');
  await settle();
  assert.equal(win.document.querySelector('style'), null);
  assert.equal(win.document.querySelector('h1').textContent, 'Plans');
});

test('anExceptionInsideNeverReachesThePage', () => {
  const win = fakeWindow();
  win.crypto = {}; // no randomUUID, no getRandomValues: id generation throws inside
  const m = createMomentum(win);
  assert.doesNotThrow(() => m.init({ server: 'https://ab.example' }));
  assert.doesNotThrow(() => m.track('x'));
});

test('assignsOfflineFromACachedExperimentList', async () => {
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>' });
  const m = (win.momentum = createMomentum(win));
  m.init({ server: 'https://ab.example', experiments: [{ id: 'hero', stage: 'activation', kind: 'landing_page',
    variants: [{ key: 'a', weight: 1, payload: { headline: 'A' } }, { key: 'b', weight: 1, payload: { headline: 'B' } }] }] });
  const script = win.document.querySelector('script');
  assert.equal(script.src, 'https://ab.example/sdk/momentum-widgets.js', 'the hashing is in the lazily loaded file');
  Object.assign(m, { widgets: render, assignLocally }); // what that file does when it runs
  script.onload();
  await settle();
  assert.equal(win.requests.filter((r) => r.url.pathname === '/v1/assign').length, 0);
  assert.equal(win.document.querySelector('h1').textContent, m.variant('hero').toUpperCase());
});

test('forcedAndRolloutAssignmentsAreShownButNeverCounted', async () => {
  const forced = { ...hero, source: 'forced' };
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>', assignments: [forced] });
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', visit: false, transport: () => false });
  await settle();
  assert.equal(win.document.querySelector('h1').textContent, 'Grow faster');
  assert.equal(m.variant('hero'), 'benefit');
  assert.deepEqual(JSON.parse(win.localStorage.getItem('momentum_q') || '[]'), []);
});

test('aReturningVisitorSendsBackTheVariantsTheyWereGivenSoABanditKeepsThem', async () => {
  const win = fakeWindow({ assignments: [{ ...hero, source: 'bucketed' }, { ...hero, experiment: 'qa', source: 'forced' }] });
  createMomentum(win).init({ server: 'https://ab.example', visit: false });
  await settle();
  assert.equal(win.requests[0].url.searchParams.get('keep'), null, 'nothing to keep on the first visit');
  win.sessionStorage.map.clear(); // a later session
  createMomentum(win).init({ server: 'https://ab.example', visit: false });
  await settle();
  const assigns = win.requests.filter((r) => r.url.pathname === '/v1/assign');
  assert.equal(assigns[1].url.searchParams.get('keep'), 'hero:benefit', 'bucketed variants only, never forced ones');
});

test('theForceParameterOfAQaLinkIsPassedToTheServer', () => {
  const win = fakeWindow({ url: 'https://shop.example/pricing?momentum_force=hero:benefit' });
  createMomentum(win).init({ server: 'https://ab.example' });
  assert.equal(win.requests[0].url.searchParams.get('momentum_force'), 'hero:benefit');
});

test('hidesOnlyMarkedElementsOrTheWholeBodyWhenAsked', () => {
  const marked = fakeWindow();
  createMomentum(marked).init({ server: 'https://ab.example' });
  assert.equal(marked.document.querySelector('style').textContent, '[data-momentum]{visibility:hidden!important}');
  const body = fakeWindow();
  createMomentum(body).init({ server: 'https://ab.example', hide: 'body' });
  assert.equal(body.document.querySelector('style').textContent, 'body{visibility:hidden!important}');
});

test('theTimeoutShowsControlAndALateAnswerIsNotApplied', async () => {
  const win = fakeWindow({ body: '<h1 data-momentum="hero:headline">Plans</h1>', assignments: [hero] });
  let fire;
  win.setTimeout = (fn) => { fire = fn; return 1; };
  let answer;
  win.fetch = () => new Promise((r) => { answer = r; });
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', visit: false, transport: () => false });
  fire(); // the anti-flicker timeout
  assert.equal(win.document.querySelector('style'), null);
  answer({ ok: true, status: 200, json: async () => ({ assignments: [hero] }) });
  await settle();
  assert.equal(win.document.querySelector('h1').textContent, 'Plans');
  assert.deepEqual(JSON.parse(win.localStorage.getItem('momentum_q') || '[]'), [], 'no exposure for what was not shown');
});

test('everyTagTheSnippetAddsCarriesTheCspNonce', async () => {
  const reward = { experiment: 'referral-reward', variant: 'credit', payload: { reward: 'credit', banner: 'You both get $20' } };
  const win = fakeWindow({ assignments: [reward] });
  const m = (win.momentum = createMomentum(win));
  m.init({ server: 'https://ab.example', nonce: 'r4nd0m', transport: () => false });
  assert.equal(win.document.querySelector('style').nonce, 'r4nd0m', 'the anti-flicker style');
  await settle();
  const script = win.document.querySelector('script');
  assert.equal(script.src, 'https://ab.example/sdk/momentum-widgets.js');
  assert.equal(script.nonce, 'r4nd0m', 'the widgets script');
  m.widgets = render; // what the widgets file does when it runs
  script.onload();
  assert.equal(win.document.querySelector('aside h2').textContent, 'You both get $20');
  assert.equal(win.document.getElementById('momentum-w-css').getAttribute('nonce'), 'r4nd0m', 'the widgets stylesheet');
});

test('anEventIsRecordedAsACopyAndTheCallersObjectStaysAsItWas', async () => {
  const nps = { experiment: 'nps', variant: 'one-click', payload: { survey: 'rating', question: 'How likely?' } };
  const win = fakeWindow({ assignments: [nps] });
  const m = (win.momentum = createMomentum(win));
  m.init({ server: 'https://ab.example', visit: false, transport: () => false });
  await settle();
  let context;
  m.widgets = (assignment, ctx) => { context = ctx; };
  win.document.querySelector('script').onload();
  const answer = Object.freeze({ type: 'survey', experiment: 'nps', score: 9 });
  context.event(answer);
  assert.deepEqual(answer, { type: 'survey', experiment: 'nps', score: 9 });
  const [queued] = JSON.parse(win.localStorage.getItem('momentum_q'));
  assert.equal(queued.score, 9);
  assert.equal(queued.visitor, m.visitor());
  assert.match(queued.id, /^[0-9a-f-]{36}$/);
});

test('theReferralCodeOfTheLandingUrlGoesWithEveryLaterEvent', async () => {
  const win = fakeWindow({ url: 'https://shop.example/?ref=advocate-a' });
  const m = createMomentum(win);
  const sent = [];
  m.init({ server: 'https://ab.example', transport: (url, body) => { sent.push(...JSON.parse(body).events); return true; } });
  win.location = new URL('https://shop.example/pricing');
  m.track('trial_signup');
  await m.flush();
  assert.deepEqual(sent.map((e) => [e.goal, e.ref]), [['visit', 'advocate-a'], ['trial_signup', 'advocate-a']]);
  m.consent(false);
  assert.equal(win.jar.get('momentum_ref'), undefined, 'withdrawn consent forgets the code');
});

test('everyPageLoadSendsOneVisitUnlessSwitchedOff', async () => {
  const win = fakeWindow();
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', transport: () => false });
  m.consent(true); // a second start on the same page
  assert.deepEqual(JSON.parse(win.localStorage.getItem('momentum_q')).map(({ type, goal }) => ({ type, goal })),
    [{ type: 'conversion', goal: 'visit' }]);
  const renamed = fakeWindow();
  createMomentum(renamed).init({ server: 'https://ab.example', visit: 'page_view', transport: () => false });
  assert.equal(JSON.parse(renamed.localStorage.getItem('momentum_q'))[0].goal, 'page_view');
  const off = fakeWindow();
  createMomentum(off).init({ server: 'https://ab.example', visit: 'false', transport: () => false });
  assert.equal(off.localStorage.getItem('momentum_q'), null);
});

/** A window whose POST /v1/events answers with the given status and error message; warnings are recorded. */
function refusingWindow(status, message) {
  const win = fakeWindow();
  win.warnings = [];
  win.console = { warn: (...args) => win.warnings.push(args.join(' ')), error: () => {} };
  win.fetch = async () => ({ ok: false, status, json: async () => ({ error: { code: 'x', message } }) });
  return win;
}

for (const status of [401, 403, 415]) {
  test(`aBatchRefusedWith${status}StaysQueuedAndIsReportedOnce`, async () => {
    const win = refusingWindow(status, 'origin https://shop.example is not in --cors-origins');
    const m = (win.momentum = createMomentum(win));
    const reports = [];
    m.onError = (error) => reports.push(error);
    m.init({ server: 'https://ab.example', visit: false });
    m.track('trial_signup');
    await m.flush();
    await m.flush();
    await settle();
    assert.deepEqual(JSON.parse(win.localStorage.getItem('momentum_q')).map((e) => e.goal), ['trial_signup'], 'still queued');
    assert.deepEqual(reports[0], { status, dropped: false, message: 'origin https://shop.example is not in --cors-origins' });
    assert.equal(reports.length, 2, 'every refused attempt reaches the hook');
    assert.deepEqual(win.warnings, [`momentum: events kept: ${status} origin https://shop.example is not in --cors-origins`]);
  });
}

for (const status of [400, 413]) {
  test(`aBatchAnsweredWith${status}IsDroppedAndReported`, async () => {
    const win = refusingWindow(status, 'every event was rejected');
    const reports = [];
    const m = createMomentum(win);
    m.init({ server: 'https://ab.example', visit: false, onError: (error) => reports.push(error) });
    m.track('trial_signup');
    await m.flush();
    await settle();
    assert.deepEqual(JSON.parse(win.localStorage.getItem('momentum_q')), []);
    assert.deepEqual(reports, [{ status, dropped: true, message: 'every event was rejected' }]);
    assert.equal(win.warnings.length, 1);
  });
}

test('aRefusalWithoutAHookIsStillWarnedAndKept', async () => {
  const win = refusingWindow(403, 'origin https://shop.example is not in --cors-origins');
  const m = (win.momentum = createMomentum(win));
  m.init({ server: 'https://ab.example', visit: false });
  m.track('trial_signup');
  await m.flush();
  await settle();
  assert.equal(JSON.parse(win.localStorage.getItem('momentum_q')).length, 1);
  assert.equal(win.warnings.length, 1);
});

test('debugAsksTheServerWhyAndShowsEachExperimentsReason', async () => {
  const win = fakeWindow({ url: 'https://shop.example/pricing?momentum_debug=1' });
  const tables = [];
  win.console = { table: (rows) => tables.push(rows), warn: () => {}, error: () => {} };
  const notAssigned = [{ experiment: 'hero', reason: 'targeting failed on country: country is not given, needs one of [US]' }];
  win.fetch = async (u) => {
    win.requests.push({ url: new URL(u) });
    return { ok: true, status: 200, json: async () => ({ assignments: [], not_assigned: notAssigned }) };
  };
  createMomentum(win).init({ server: 'https://ab.example', visit: false });
  await settle();
  assert.equal(win.requests[0].url.searchParams.get('debug'), '1');
  assert.deepEqual(tables, [notAssigned]);
});

test('momentumDebugAsksAgainWithDebug', async () => {
  const win = fakeWindow();
  win.console = { table: () => {}, warn: () => {}, error: () => {} };
  const m = createMomentum(win);
  m.init({ server: 'https://ab.example', visit: false });
  await settle();
  m.debug();
  await settle();
  assert.deepEqual(win.requests.map((r) => r.url.searchParams.get('debug')), [null, '1']);
});
