// What a new user meets first, in real headless Chromium against the real server jar: the README's HTML example
// pasted into a page of the Momentum origin while --cors-origins names another site, and a page on a refused origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, SNIPPET_DIR, missingPrerequisite, page as html, recordEvents, screenshotPath, startMomentum,
  startSite, visitorWith,
} from './support.mjs';

const missing = missingPrerequisite();
if (missing) console.log(`# SKIPPING the browser tests: ${missing}`);
const e2e = (name, fn) => test(name, { skip: missing || false, timeout: 60000 }, fn);

const HERO = 'pricing-hero-2026q4';
const HEADLINES = ['Plans and pricing', 'Grow faster, pay less'];

/** The README's HTML example, verbatim: the fenced block the README marks <!-- readme-test: browser -->. */
function readmeHtmlExample() {
  const readme = readFileSync(join(SNIPPET_DIR, '../README.md'), 'utf8');
  const m = /<!-- readme-test: browser -->\n```html\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error('README.md has no HTML example marked <!-- readme-test: browser -->');
  return m[1];
}

let allowedSite; // in --cors-origins
let refusedSite; // not in it
let momentum;
let browser;
let userAgent;
const run = Date.now().toString(36);

before(async () => {
  if (missing) return;
  allowedSite = await startSite();
  refusedSite = await startSite();
  momentum = await startMomentum({ corsOrigin: allowedSite.url });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const probe = await browser.newPage();
  userAgent = await probe.evaluate(() => navigator.userAgent);
  await probe.close();
});

after(async () => {
  await browser?.close();
  await momentum?.stop();
  await allowedSite?.close();
  await refusedSite?.close();
});

e2e('theReadmeHtmlExampleOnAMomentumOriginPageShowsTheExperimentAndRecordsAClick', async () => {
  // the example sets data-site="shop" and data-attr-country="US"; the server must see the same attributes
  const { visitor, assignment } = await visitorWith(momentum.url, {
    experiment: HERO, variant: 'benefit', tag: run + 'readme', url: '/pricing', attributes: { site: 'shop', country: 'US' }, userAgent });
  const context = await browser.newContext();
  await context.addCookies([{ name: 'momentum_vid', value: visitor, url: momentum.url }]);
  // a page of the Momentum origin: the document is answered here, everything else by the real server
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pricing</title>
${readmeHtmlExample()}</head><body></body></html>`;
  await context.route(`${momentum.url}/pricing`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }));
  const page = await context.newPage();
  const events = recordEvents(page);
  await page.goto(`${momentum.url}/pricing`);
  const heading = page.locator('h1');
  await page.getByRole('heading', { name: assignment.payload.headline }).waitFor({ state: 'visible' });
  assert.ok(HEADLINES.includes((await heading.textContent()).trim()));
  await page.screenshot({ path: screenshotPath('readme-example-on-the-momentum-origin') });

  // the example's link leaves the page; stay on it so the conversion goes out by fetch and its answer is visible
  await page.evaluate(() => document.querySelector('a').addEventListener('click', (e) => e.preventDefault()));
  await page.locator('a[data-momentum-goal]').click();
  const click = await events.waitFor((e) => e.type === 'conversion' && e.goal === 'trial_signup' && e.visitor === visitor,
    'trial_signup conversion from the Momentum origin');
  assert.equal(click.status, 202);
  assert.ok(click.ok, 'the click was rejected inside the 202: ' + JSON.stringify(click.body));
  const visit = await events.waitFor((e) => e.type === 'conversion' && e.goal === 'visit' && e.visitor === visitor, 'the page view');
  assert.ok(visit.ok, 'the page view was rejected inside the 202: ' + JSON.stringify(visit.body));
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('momentum_q'))), [], 'nothing left queued');
  await context.close();
});

e2e('aPageOnARefusedOriginKeepsItsEventsQueuedAndReportsTheRefusal', async () => {
  const snippet = `${momentum.url}/sdk/momentum.js`;
  refusedSite.pages.set('/pricing', html({
    title: 'Pricing elsewhere', snippet, data: { 'attr-country': 'US' },
    body: `<h1 data-momentum="${HERO}:headline">Plans and pricing</h1>
      <script>window.__refusals = []; momentum.onError = (e) => window.__refusals.push(e);</script>
      <button class="btn" data-momentum-goal="trial_signup">Start free trial</button>`,
  }));
  const context = await browser.newContext();
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('momentum:') && warnings.push(m.text()));
  await page.goto(`${refusedSite.url}/pricing`);
  await page.getByRole('heading', { name: 'Plans and pricing' }).waitFor({ state: 'visible' });
  await page.locator('button').click();

  const until = Date.now() + 15000;
  let refusals = [];
  while (Date.now() < until && !refusals.length) {
    await new Promise((r) => setTimeout(r, 100));
    refusals = await page.evaluate(() => window.__refusals);
  }
  assert.ok(refusals.length, 'momentum.onError was never called');
  assert.equal(refusals[0].status, 403);
  assert.equal(refusals[0].dropped, false);
  assert.match(refusals[0].message, new RegExp(`origin ${refusedSite.url} is not in --cors-origins`));
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('momentum_q')));
  assert.ok(queued.some((e) => e.type === 'conversion' && e.goal === 'trial_signup'), 'the click is still queued: ' + JSON.stringify(queued));
  assert.ok(queued.some((e) => e.type === 'conversion' && e.goal === 'visit'), 'the page view is still queued');
  assert.deepEqual(warnings, [`momentum: events kept: 403 ${refusals[0].message}`], 'one console warning');
  await context.close();
});

e2e('attributesGivenAsJsonOnTheTagReachTheTargeting', async () => {
  const { visitor, assignment } = await visitorWith(momentum.url, {
    experiment: HERO, variant: 'benefit', tag: run + 'json', url: '/pricing', attributes: { country: 'GB' }, userAgent });
  allowedSite.pages.set('/pricing', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pricing</title>
<script src="${momentum.url}/sdk/momentum.js" data-attributes='{"country":"GB"}'></script></head>
<body><h1 data-momentum="${HERO}:headline">Plans and pricing</h1></body></html>`);
  const context = await browser.newContext();
  await context.addCookies([{ name: 'momentum_vid', value: visitor, url: allowedSite.url }]);
  const page = await context.newPage();
  const assign = page.waitForRequest((r) => r.url().includes('/v1/assign?'));
  await page.goto(`${allowedSite.url}/pricing`);
  assert.equal(new URL((await assign).url()).searchParams.get('attr.country'), 'GB');
  await page.getByRole('heading', { name: assignment.payload.headline }).waitFor({ state: 'visible' });
  await context.close();
});
