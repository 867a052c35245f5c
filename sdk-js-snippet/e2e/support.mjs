// Helpers of the browser tests: the real Momentum jar, a tiny site server, headless Chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SNIPPET_DIR = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const JAR = process.env.MOMENTUM_JAR || join(SNIPPET_DIR, '../server/target/momentum.jar');
export const EXPERIMENTS = process.env.MOMENTUM_EXPERIMENTS || join(SNIPPET_DIR, '../experiments');
export const SCREENSHOTS = join(SNIPPET_DIR, 'target/screenshots');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why the browser tests cannot run here, or null. */
export function missingPrerequisite() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (scripts/ensure-chromium.sh installs it as root)`;
  if (!existsSync(JAR)) return `${JAR} is missing: build the server first (mvn -B verify builds it before these tests)`;
  return null;
}

/** Starts `momentum.jar serve` on a free port with a temporary data dir; resolves once it logs "listening on". */
export function startMomentum({ corsOrigin }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'momentum-e2e-'));
  const args = ['-jar', JAR, 'serve', '--port', '0', '--host', '127.0.0.1', '--experiments', EXPERIMENTS,
    '--data-dir', dataDir, '--cors-origins', corsOrigin];
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('Momentum did not start within 90 s:\n' + output)), 90000);
    const fail = (e) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const onData = (chunk) => {
      output += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const url = `http://127.0.0.1:${m[1]}`;
      const stopped = new Promise((r) => child.once('exit', r));
      resolve({
        url,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await Promise.race([stopped, new Promise((r) => setTimeout(r, 15000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
          rmSync(dataDir, { recursive: true, force: true });
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c; });
    child.once('exit', (code) => fail(new Error(`Momentum exited with ${code} before listening:\n${output}`)));
  });
}

/** A node http server on a free loopback port answering with handler(req, res). */
export function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    port: server.address().port,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

/**
 * The test site: pages registered by path (query strings ignored), each an HTML string or
 * {html, headers} (e.g. a Content-Security-Policy); /momentum.js is a self-hosted copy of the snippet.
 */
export async function startSite() {
  const pages = new Map();
  const site = await listen((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/momentum.js') {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
      return res.end(readFileSync(join(SNIPPET_DIR, 'dist/momentum.js')));
    }
    const page = pages.get(path);
    const { html, headers } = typeof page === 'string' ? { html: page } : page || {};
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(html || '<!doctype html><title>not found</title><p>not found</p>');
  });
  return { ...site, pages };
}

/** One page: optional preset configuration, the snippet tag (with data attributes), the body; a nonce goes on every tag. */
export function page({ title, snippet, data = {}, preset, body, nonce }) {
  const attrs = Object.entries(data).map(([k, v]) => ` data-${k}="${v}"`).join('');
  const n = nonce ? ` nonce="${nonce}"` : '';
  const presetTag = preset ? `<script${n}>window.momentum = ${JSON.stringify(preset)};</script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style${n}>body{font:16px/1.5 system-ui,sans-serif;margin:40px} .btn{padding:8px 16px}</style>
${presetTag}<script src="${snippet}"${n}${attrs}></script></head><body>${body}</body></html>`;
}

/** Installed before any page script: collects the page's Content-Security-Policy violations in window.__cspViolations. */
export const cspViolationRecorder = `(() => {
  const violations = (window.__cspViolations = []);
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
})();`;

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name + '.png');
}

/** Asks the real server which assignments a visitor gets (track=false: nothing recorded). */
export async function assignmentsOf(momentumUrl, { visitor, url, attributes = {}, userAgent }) {
  const q = new URLSearchParams({ visitor, url, track: 'false' });
  for (const [k, v] of Object.entries(attributes)) q.set('attr.' + k, v);
  const r = await fetch(`${momentumUrl}/v1/assign?${q}`, { headers: { 'user-agent': userAgent } });
  if (r.status !== 200) throw new Error(`assign answered ${r.status}: ${await r.text()}`);
  return (await r.json()).assignments;
}

/** The first visitor id (e2e-<tag>-<i>) whose assignment in the experiment is the wanted variant. */
export async function visitorWith(momentumUrl, { experiment, variant, tag, ...request }) {
  for (let i = 0; i < 400; i++) {
    const visitor = `e2e-${tag}-${i}`;
    const found = (await assignmentsOf(momentumUrl, { ...request, visitor })).find((a) => a.experiment === experiment);
    if (found && found.variant === variant) return { visitor, assignment: found };
  }
  throw new Error(`no visitor among 400 gets ${experiment}:${variant}`);
}

/**
 * Records every POST /v1/events of a page with its answer, so a test can wait until an event it expects
 * was acknowledged by the server (202, not among the rejected items).
 */
export function recordEvents(page) {
  const acked = [];
  page.on('response', async (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !request.url().endsWith('/v1/events')) return;
    try {
      const sent = JSON.parse(request.postData()).events;
      const body = await response.json();
      const rejected = new Set((body.rejected || []).map((r) => r.index));
      sent.forEach((e, i) => acked.push({ event: e, status: response.status(), ok: response.status() === 202 && !rejected.has(i), body }));
    } catch (e) {
      /* a beacon's answer may not be readable once the page is gone */
    }
  });
  return {
    acked,
    async waitFor(predicate, what, timeoutMs = 10000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const hit = acked.find((a) => predicate(a.event));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no acknowledged ${what} within ${timeoutMs} ms; sent: ${JSON.stringify(acked)}`);
    },
  };
}

/** Installed before any page script: samples an element's visibility and text on every mutation and frame. */
export function visibilityRecorder(selector) {
  return `(() => {
    const samples = (window.__samples = []);
    const sample = (why) => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return;
      const hidden = getComputedStyle(el).visibility === 'hidden' || (document.body && getComputedStyle(document.body).visibility === 'hidden');
      samples.push({ why, t: performance.now(), visible: !hidden, text: el.textContent.trim() });
    };
    new MutationObserver(() => sample('mutation')).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    const frame = () => { sample('frame'); if (performance.now() < 6000) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    document.addEventListener('DOMContentLoaded', () => sample('domcontentloaded'));
  })();`;
}
