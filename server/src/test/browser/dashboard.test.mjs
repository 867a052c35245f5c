// Real-browser test of the dashboard, started by DashboardBrowserIT (Java) against a seeded server.
// Input (environment): MOMENTUM_URL, SCREENSHOT_DIR, EXPECT (JSON: pages -> texts that must be visible).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.MOMENTUM_URL;
const shots = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
const expect = JSON.parse(process.env.EXPECT ?? '{}');
let browser;
const dialogs = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

async function open(path, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  const response = await page.goto(base + path, { waitUntil: 'load' });
  assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  return page;
}

async function assertVisibleTexts(page, texts) {
  for (const text of texts) {
    await assert.doesNotReject(page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 5000 }),
      `"${text}" is not visible on ${page.url()}`);
  }
}

for (const [path, texts] of Object.entries(expect.pages ?? {})) {
  test(`page ${path} shows its key numbers and badges`, async () => {
    const page = await open(path);
    await assertVisibleTexts(page, texts);
    assert.equal(await page.locator('script').count(), 0, 'pages carry no scripts');
    const name = path === '/' ? 'index' : path.replaceAll('/', '_').replace(/^_/, '');
    await page.screenshot({ path: join(shots, `${name}-desktop.png`), fullPage: true });
    await page.close();
  });
}

test('every page fits a phone screen without sideways scrolling of the page', async () => {
  for (const path of Object.keys(expect.pages ?? {})) {
    const page = await open(path, { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${path} is ${overflow}px wider than a phone`);
    const name = path === '/' ? 'index' : path.replaceAll('/', '_').replace(/^_/, '');
    await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
    await page.close();
  }
});

test('a hostile experiment name shows as text and runs nothing', async () => {
  for (const path of ['/', `/experiments/${expect.hostileId}`]) {
    const page = await open(path);
    await page.getByText(expect.hostileName, { exact: true }).first().waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.locator('script').count(), 0, `a script element was injected on ${path}`);
    await page.close();
  }
  assert.deepEqual(dialogs, [], 'no dialog may fire');
});
