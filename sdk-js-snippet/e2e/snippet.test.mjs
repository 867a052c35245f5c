// The snippet in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) against the
// real Momentum server jar with the example experiments. The site is another origin (CORS, as in production).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, assignmentsOf, cspViolationRecorder, listen, missingPrerequisite, page as html, recordEvents,
  screenshotPath, startMomentum, startSite, visibilityRecorder, visitorWith,
} from './support.mjs';

const missing = missingPrerequisite();
if (missing) console.log(`# SKIPPING the browser tests: ${missing}`);
const e2e = (name, fn) => test(name, { skip: missing || false, timeout: 60000 }, fn);

const HERO = 'pricing-hero-2026q4';
const REDIRECT = 'pricing-page-redirect';
const SURVEY = 'nps-survey-style';
const REWARD = 'referral-reward';
const PRICING_ATTRS = { country: 'US' };
const SURVEY_ATTRS = { plan: 'pro', email: 'pat@acme.com' };
const CONTROL_HEADLINE = 'Plans and pricing';

let site;
let momentum;
let browser;
let userAgent;
let tracking; // POST /v1/events is on this build (the tracking feature may be merged after the snippet)
const run = Date.now().toString(36);

before(async () => {
  if (missing) return;
  site = await startSite();
  momentum = await startMomentum({ corsOrigin: site.url });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  tracking = (await fetch(`${momentum.url}/v1/events`, { method: 'POST', body: '{"events":[]}' })).status !== 404;
  if (!tracking) console.log('# POST /v1/events is not on this server build: event checks are skipped');
  const probe = await browser.newPage();
  userAgent = await probe.evaluate(() => navigator.userAgent);
  await probe.close();
  const snippet = `${momentum.url}/sdk/momentum.js`;
  const pricingBody = `<h1 data-momentum="${HERO}:headline">${CONTROL_HEADLINE}</h1>
    <p>Simple plans for teams of every size.</p>
    <img data-momentum="${HERO}:hero_image" src="/img/hero-plans.webp" alt="" width="1" height="1">
    <button class="btn" data-momentum="${HERO}:cta_text" data-momentum-goal="trial_signup">Start free trial</button>
    <a href="/checkout" data-momentum-goal="first_purchase">Buy the annual plan</a>`;
  // a generous anti-flicker timeout: a slow CI machine must not turn these tests into timeout tests
  site.pages.set('/pricing', html({ title: 'Pricing', snippet, data: { timeout: 3000 }, preset: { attributes: PRICING_ATTRS }, body: pricingBody }));
  site.pages.set('/pricing-b', html({ title: 'Pricing (table)', snippet, preset: { attributes: PRICING_ATTRS },
    body: '<h1>Compare plans</h1><table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$29</td></tr></table>' }));
  site.pages.set('/checkout', html({ title: 'Checkout', snippet, body: '<h1>Checkout</h1>' }));
  site.pages.set('/account', html({ title: 'Account', snippet, preset: { attributes: SURVEY_ATTRS },
    body: '<h1>Your account</h1><p>Everything is fine.</p>' }));
  site.pages.set('/account/referrals', html({ title: 'Referrals', snippet, body: '<h1>Refer a friend</h1>' }));
});

after(async () => {
  await browser?.close();
  await momentum?.stop();
  await site?.close();
});

/** A fresh browser context whose visitor cookie is already set, so the server's assignment is known. */
async function visit(visitor, { latencyMs = 0, record } = {}) {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'momentum_vid', value: visitor, url: site.url }]);
  const p = await context.newPage();
  if (record) await p.addInitScript(record);
  if (latencyMs) {
    // a slower network for the assignment only; the answer still comes from the real server
    await p.route('**/v1/assign?**', async (route) => {
      await new Promise((r) => setTimeout(r, latencyMs));
      await route.continue();
    });
  }
  return { context, page: p, events: recordEvents(p) };
}

/** Waits until the server acknowledged a matching event; null (checked nothing) while tracking is not on the build. */
function acknowledged(events, predicate, what) {
  return tracking ? events.waitFor(predicate, what) : null;
}

async function results(experiment) {
  const r = await fetch(`${momentum.url}/v1/experiments/${experiment}/results`);
  return r.status === 200 ? r.json() : null;
}

e2e('theAssignedVariantShowsWithoutAFlashOfControl', async () => {
  const { visitor, assignment } = await visitorWith(momentum.url, {
    experiment: HERO, variant: 'benefit', tag: run + 'hero', url: '/pricing', attributes: PRICING_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor, { latencyMs: 300, record: visibilityRecorder('h1') });
  await page.goto(`${site.url}/pricing`);
  await page.getByRole('heading', { name: assignment.payload.headline }).waitFor({ state: 'visible' });
  await page.screenshot({ path: screenshotPath('pricing-variant') });

  const samples = await page.evaluate(() => window.__samples);
  assert.ok(samples.some((s) => !s.visible && s.text === CONTROL_HEADLINE), 'the control headline was in the DOM, hidden');
  assert.deepEqual(samples.filter((s) => s.visible && s.text === CONTROL_HEADLINE), [], 'control text was never visible');
  assert.ok(samples.some((s) => s.visible && s.text === assignment.payload.headline));
  assert.equal(await page.locator('img').getAttribute('src'), '/img/hero-growth.webp');
  assert.equal(await page.locator('button').textContent(), 'Start growing free');
  await acknowledged(events, (e) => e.type === 'exposure' && e.experiment === HERO && e.visitor === visitor, 'exposure');
  await context.close();
});

e2e('clickingAGoalCtaRecordsAConversionInTheServer', async (t) => {
  if (!tracking) return t.skip('POST /v1/events is not on this server build');
  const { visitor } = await visitorWith(momentum.url, {
    experiment: HERO, variant: 'benefit', tag: run + 'cta', url: '/pricing', attributes: PRICING_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor);
  await page.goto(`${site.url}/pricing`);
  await page.getByRole('button', { name: 'Start growing free' }).click();
  const conversion = await events.waitFor((e) => e.type === 'conversion' && e.goal === 'trial_signup' && e.visitor === visitor, 'conversion');
  assert.equal(conversion.status, 202);
  await events.waitFor((e) => e.type === 'exposure' && e.visitor === visitor, 'exposure');
  const report = await results(HERO);
  if (report) {
    const benefit = report.variants.find((v) => v.key === 'benefit');
    assert.ok(benefit.exposures >= 1, JSON.stringify(report));
    assert.ok(benefit.goals.trial_signup.conversions >= 1, JSON.stringify(report));
  } else {
    t.diagnostic('results API not on this build: the conversion is verified by the events answer (202, not rejected)');
  }
  await context.close();
});

e2e('aConversionClickedOnTheWayToAnotherPageIsNotLost', async (t) => {
  if (!tracking) return t.skip('POST /v1/events is not on this server build');
  const { visitor } = await visitorWith(momentum.url, {
    experiment: HERO, variant: 'benefit', tag: run + 'leave', url: '/pricing', attributes: PRICING_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor);
  await page.goto(`${site.url}/pricing`);
  await page.getByRole('link', { name: 'Buy the annual plan' }).click(); // navigates away at once
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  // sent by sendBeacon on pagehide, and again from the stored queue by the next page (the server dedupes by id)
  const sent = await events.waitFor((e) => e.type === 'conversion' && e.goal === 'first_purchase' && e.visitor === visitor, 'conversion');
  assert.ok(sent.ok, JSON.stringify(sent.body));
  await page.waitForFunction(() => localStorage.getItem('momentum_q') === '[]');
  await context.close();
});

e2e('theOneClickSurveyIsKeyboardOperableAndItsScoreIsAccepted', async () => {
  const { visitor } = await visitorWith(momentum.url, {
    experiment: SURVEY, variant: 'one-click', tag: run + 'nps1', url: '/account', attributes: SURVEY_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor);
  await page.goto(`${site.url}/account`);
  await page.getByRole('dialog', { name: 'How likely are you to recommend us to a friend?' }).waitFor();
  const dialog = page.getByRole('dialog'); // its name becomes "Thank you!" after the answer
  assert.equal(await page.evaluate(() => document.activeElement.tagName + ':' + document.activeElement.textContent),
    'H2:How likely are you to recommend us to a friend?', 'focus moves to the widget heading');
  await page.screenshot({ path: screenshotPath('survey-one-click') });
  await page.keyboard.press('Tab'); // first focusable after the heading: the 0 button
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '0');
  await dialog.getByRole('button', { name: '9', exact: true }).focus();
  await page.keyboard.press('Enter');
  const sent = await acknowledged(events, (e) => e.type === 'survey' && e.visitor === visitor, 'survey event');
  if (sent) {
    assert.equal(sent.event.score, 9);
    assert.equal(sent.event.experiment, SURVEY);
    assert.ok(sent.ok, JSON.stringify(sent.body));
    const report = await results(SURVEY);
    if (report) assert.ok(report.variants.find((v) => v.key === 'one-click').survey.responses >= 1, JSON.stringify(report));
  }
  await dialog.getByRole('heading', { name: 'Thank you!' }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await context.close();
});

e2e('theDetailedSurveyFormSubmitsWithLabelledFields', async () => {
  const { visitor } = await visitorWith(momentum.url, {
    experiment: SURVEY, variant: 'detailed', tag: run + 'nps2', url: '/account', attributes: SURVEY_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor);
  await page.goto(`${site.url}/account`);
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('group', { name: 'How likely are you to recommend us to a friend?' }).getByLabel('8', { exact: true }).check();
  await dialog.getByLabel('What do you like most?').fill('The reports');
  await page.screenshot({ path: screenshotPath('survey-form') });
  await dialog.getByRole('button', { name: 'Send' }).click();
  const sent = await acknowledged(events, (e) => e.type === 'survey' && e.visitor === visitor, 'survey event');
  if (sent) {
    assert.equal(sent.event.score, 8);
    assert.ok(sent.ok, JSON.stringify(sent.body));
  }
  await dialog.getByRole('heading', { name: 'Thank you!' }).waitFor();
  await context.close();
});

e2e('theRewardBannerShowsAndItsClickIsARecordedReferral', async () => {
  const [first] = await assignmentsOf(momentum.url, { visitor: run + '-reward', url: '/account/referrals', userAgent });
  assert.equal(first.experiment, REWARD);
  const { context, page, events } = await visit(run + '-reward');
  await page.goto(`${site.url}/account/referrals`);
  const banner = page.getByRole('complementary', { name: first.payload.banner });
  await banner.waitFor();
  await page.screenshot({ path: screenshotPath('reward-banner') });
  await banner.getByRole('button', { name: 'Invite a friend' }).click();
  const sent = await acknowledged(events, (e) => e.type === 'referral' && e.experiment === REWARD, 'referral event');
  if (sent) assert.ok(sent.ok, JSON.stringify(sent.body));
  await context.close();
});

e2e('onAStrictNonceCspPageTheRewardBannerLoadsStyledAndItsClickIsRecorded', async () => {
  // a strict CSP (no 'unsafe-inline', no host allow-list): only tags carrying the page's nonce may run or style
  const nonce = Buffer.from(run + '-nonce').toString('base64');
  const path = '/account/referrals/strict-csp';
  site.pages.set(path, {
    headers: { 'content-security-policy': `script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; object-src 'none'; base-uri 'none'` },
    html: html({ title: 'Referrals', snippet: `${momentum.url}/sdk/momentum.js`, nonce, body: '<h1>Refer a friend</h1>' }),
  });
  const [first] = await assignmentsOf(momentum.url, { visitor: run + '-csp', url: path, userAgent });
  assert.equal(first.experiment, REWARD);
  const { context, page, events } = await visit(run + '-csp', { record: cspViolationRecorder });
  await page.goto(site.url + path);
  const banner = page.getByRole('complementary', { name: first.payload.banner });
  const shown = await banner.waitFor({ timeout: 10000 }).then(() => true, () => false);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'the CSP blocked none of the snippet\'s tags');
  assert.ok(shown, 'the reward banner rendered');
  assert.equal(await banner.evaluate((el) => getComputedStyle(el).position), 'fixed', 'the widget stylesheet applies');
  await page.screenshot({ path: screenshotPath('reward-banner-strict-csp') });
  await banner.getByRole('button', { name: 'Invite a friend' }).click();
  const sent = await acknowledged(events, (e) => e.type === 'referral' && e.visitor === run + '-csp', 'referral event');
  if (sent) assert.ok(sent.ok, JSON.stringify(sent.body));
  await context.close();
});

e2e('theRedirectExperimentLandsOnTheVariantPageWithTheQueryString', async () => {
  const { visitor } = await visitorWith(momentum.url, {
    experiment: REDIRECT, variant: 'table', tag: run + 'redirect', url: '/pricing', attributes: PRICING_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor);
  await page.goto(`${site.url}/pricing?utm_source=news&x=1#plans`);
  await page.waitForURL((u) => u.pathname === '/pricing-b');
  const landed = new URL(page.url());
  assert.equal(landed.searchParams.get('utm_source'), 'news');
  assert.equal(landed.searchParams.get('x'), '1');
  assert.equal(landed.searchParams.get('momentum_redirect'), REDIRECT);
  assert.equal(landed.hash, '#plans');
  await page.getByRole('heading', { name: 'Compare plans' }).waitFor();
  await page.screenshot({ path: screenshotPath('redirect-landed') });
  // the exposure left by sendBeacon on the way out is acknowledged (again, as a duplicate at worst) from the new page
  await acknowledged(events, (e) => e.type === 'exposure' && e.experiment === REDIRECT && e.visitor === visitor, 'redirect exposure');
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, '/pricing-b', 'no second redirect');
  await context.close();
});

/** Samples the page until the headline is visible; returns the page time at which control first showed. */
async function controlShowsAt(page) {
  await page.getByRole('heading', { name: CONTROL_HEADLINE }).waitFor({ state: 'visible' });
  const samples = await page.evaluate(() => window.__samples);
  const shown = samples.find((s) => s.visible);
  assert.equal(shown.text, CONTROL_HEADLINE);
  return shown.t;
}

e2e('aHangingServerStillShowsControlRightAfterTheTimeout', async () => {
  const hanging = await listen(() => { /* accepts and never answers */ });
  site.pages.set('/hanging', html({ title: 'Pricing', snippet: '/momentum.js', data: { server: hanging.url },
    preset: { attributes: PRICING_ATTRS }, body: `<h1 data-momentum="${HERO}:headline">${CONTROL_HEADLINE}</h1>` }));
  const { context, page } = await visit(run + '-hanging', { record: visibilityRecorder('h1') });
  await page.goto(`${site.url}/hanging`, { waitUntil: 'domcontentloaded' });
  const t = await controlShowsAt(page);
  assert.ok(t >= 700 && t < 800 + 700, `control showed at ${Math.round(t)} ms (timeout 800 ms)`);
  await page.screenshot({ path: screenshotPath('server-hanging-control') });
  await context.close();
  await hanging.close();
});

e2e('anAdClickIsPaidSearchAndALaterVisitWithoutParametersKeepsTheFirstTouchAsReturning', async (t) => {
  if (!tracking) return t.skip('POST /v1/events is not on this server build');
  const { visitor } = await visitorWith(momentum.url, {
    experiment: HERO, variant: 'benefit', tag: run + 'utm', url: '/pricing', attributes: PRICING_ATTRS, userAgent });
  const { context, page, events } = await visit(visitor);
  const assigns = [];
  context.on('request', (r) => r.url().includes('/v1/assign?') && assigns.push(new URL(r.url()).searchParams));
  await page.goto(`${site.url}/pricing?utm_source=google&utm_medium=cpc`);
  const first = await events.waitFor((e) => e.type === 'exposure' && e.visitor === visitor, 'exposure');
  assert.equal(first.event.attributes.utm_source, 'google');
  assert.equal(first.event.attributes.utm_medium, 'cpc');
  assert.equal(assigns[0].get('attr.utm_source'), 'google');
  assert.equal(assigns[0].get('attr.visits'), '1');
  // the server derives the channel from the raw first-touch values: the exposure counts in paid_search
  const until = Date.now() + 10000;
  let paidSearch;
  let readable = true;
  while (!paidSearch && readable && Date.now() < until) {
    const r = await fetch(`${momentum.url}/v1/experiments/${HERO}/results?dimension=channel`);
    readable = r.status === 200;
    paidSearch = readable && (await r.json()).segments.find((s) => s.value === 'paid_search' && s.exposures >= 1);
    if (!paidSearch) await new Promise((r) => setTimeout(r, 100));
  }
  if (readable) assert.ok(paidSearch && paidSearch.variants.find((v) => v.key === 'benefit').exposures >= 1, 'counted in paid_search');
  else t.diagnostic('results?dimension=channel not readable without a token here: the raw values are verified instead');
  // and the channel report (across all visitors, from the event log once the writer has stored the exposure)
  let reported;
  while (readable && !reported && Date.now() < until + 10000) {
    const r = await fetch(`${momentum.url}/v1/segments?dimension=channel`);
    reported = r.status === 200 && (await r.json()).segments.find((s) => s.value === 'paid_search' && s.visitors >= 1);
    if (!reported) await new Promise((r) => setTimeout(r, 200));
  }
  if (readable) assert.ok(reported, 'the channel report has the visitor in paid_search');

  const later = await context.newPage(); // a new tab: a new session, so the next visit
  await later.goto(`${site.url}/pricing`);
  await later.waitForFunction(() => window.momentum && window.momentum.visitor());
  const deadline = Date.now() + 10000;
  while (assigns.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const second = assigns[1];
  assert.ok(second, 'the later visit asked for its assignments');
  assert.equal(second.get('attr.utm_source'), 'google', 'the first touch is kept');
  assert.equal(second.get('attr.utm_medium'), 'cpc');
  assert.equal(second.get('attr.visits'), '2', 'the second visit: visitor_type returning by the shared rules');
  assert.equal(second.get('attr.visit_source'), 'direct', 'this visit came without parameters');
  await context.close();
});

// Last: it stops the shared server.
e2e('withTheServerStoppedThePageRendersControlWithinTheTimeout', async () => {
  await momentum.stop();
  site.pages.set('/down', html({ title: 'Pricing', snippet: '/momentum.js', data: { server: momentum.url },
    preset: { attributes: PRICING_ATTRS }, body: `<h1 data-momentum="${HERO}:headline">${CONTROL_HEADLINE}</h1>` }));
  site.pages.set('/down-sdk', html({ title: 'Pricing', snippet: `${momentum.url}/sdk/momentum.js`,
    body: `<h1 data-momentum="${HERO}:headline">${CONTROL_HEADLINE}</h1>` }));
  const { context, page } = await visit(run + '-down', { record: visibilityRecorder('h1') });
  await page.goto(`${site.url}/down`, { waitUntil: 'domcontentloaded' });
  const t = await controlShowsAt(page);
  assert.ok(t < 800 + 500, `control showed at ${Math.round(t)} ms`);
  await page.screenshot({ path: screenshotPath('server-down-control') });
  await page.goto(`${site.url}/down-sdk`, { waitUntil: 'domcontentloaded' });
  assert.ok((await controlShowsAt(page)) < 800 + 500, 'a snippet that cannot even load leaves the page alone');
  await context.close();
});
