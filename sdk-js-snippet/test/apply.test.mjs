import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { applyPayload as applyOn, onSite, redirectTarget, safeAttr } from '../src/apply.js';

const PAGE = 'https://shop.example/pricing?utm_source=ad';
const applyPayload = (doc, experiment, payload) => applyOn(doc, experiment, payload, PAGE);

const page = (body) => parseHTML(`<html><head></head><body>${body}</body></html>`).document;

test('stringPayloadBecomesText', () => {
  const doc = page('<h1 data-momentum="hero:headline">Plans and pricing</h1>');
  assert.equal(applyPayload(doc, 'hero', { headline: 'Grow faster, pay less' }), 1);
  assert.equal(doc.querySelector('h1').textContent, 'Grow faster, pay less');
});

test('markupInAPayloadIsShownAsTextNeverParsed', () => {
  const doc = page('<h1 data-momentum="hero:headline">x</h1>');
  applyPayload(doc, 'hero', { headline: '<script>alert(1)</script><img src=x onerror=alert(1)>' });
  const h1 = doc.querySelector('h1');
  assert.equal(h1.children.length, 0);
  assert.equal(h1.textContent, '<script>alert(1)</script><img src=x onerror=alert(1)>');
  assert.equal(doc.querySelectorAll('script, img').length, 0);
});

test('objectPayloadSetsTextAttributesClassesStylesAndSource', () => {
  const doc = page('<a data-momentum="cta:button" class="btn old" href="/a">Start</a><img data-momentum="cta:image" src="/a.png">');
  applyPayload(doc, 'cta', {
    button: { text: 'Start free trial', attrs: { href: '/signup?plan=pro', 'aria-label': 'Start' },
      class_add: ['btn-primary'], class_remove: ['old'], style: { backgroundColor: 'rgb(1, 2, 3)', 'font-weight': '700' } },
    image: { src: '/b.png', attrs: { alt: 'New hero' } },
  });
  const a = doc.querySelector('a');
  assert.equal(a.textContent, 'Start free trial');
  assert.equal(a.getAttribute('href'), '/signup?plan=pro');
  assert.equal(a.getAttribute('aria-label'), 'Start');
  assert.deepEqual([...a.classList].sort(), ['btn', 'btn-primary']);
  assert.equal(a.style.getPropertyValue('background-color'), 'rgb(1, 2, 3)');
  assert.equal(a.style.getPropertyValue('font-weight'), '700');
  assert.equal(doc.querySelector('img').getAttribute('src'), '/b.png');
  assert.equal(doc.querySelector('img').getAttribute('alt'), 'New hero');
});

test('eventHandlerAttributesAreRefused', () => {
  const doc = page('<a data-momentum="cta:button" href="/a">x</a>');
  applyPayload(doc, 'cta', { button: { attrs: { onclick: 'alert(1)', ONMOUSEOVER: 'alert(1)', srcdoc: '<b>', title: 'ok' } } });
  const a = doc.querySelector('a');
  assert.equal(a.getAttribute('onclick'), null);
  assert.equal(a.getAttribute('onmouseover'), null);
  assert.equal(a.getAttribute('srcdoc'), null);
  assert.equal(a.getAttribute('title'), 'ok');
});

test('scriptUrlsAreRefusedEvenWhenDisguised', () => {
  const doc = page('<a data-momentum="cta:button" href="/a">x</a><img data-momentum="cta:img" src="/a.png">');
  for (const href of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'vbscript:x', 'data:text/html,<script>']) {
    applyPayload(doc, 'cta', { button: { attrs: { href } }, img: { src: href } });
    assert.equal(doc.querySelector('a').getAttribute('href'), '/a', href);
    assert.equal(doc.querySelector('img').getAttribute('src'), '/a.png', href);
  }
  assert.ok(safeAttr('src', 'data:image/png;base64,AAAA'));
});

test('onlyTheNamedExperimentsSlotsChange', () => {
  const doc = page('<h1 data-momentum="hero:headline">a</h1><h2 data-momentum="other:headline">b</h2><p data-momentum="hero:missing">c</p>');
  assert.equal(applyPayload(doc, 'hero', { headline: 'new' }), 1);
  assert.equal(doc.querySelector('h2').textContent, 'b');
  assert.equal(doc.querySelector('p').textContent, 'c');
});

test('payloadKeysFromThePrototypeAreNotSlots', () => {
  const doc = page('<h1 data-momentum="hero:constructor">a</h1>');
  assert.equal(applyPayload(doc, 'hero', {}), 0);
  assert.equal(doc.querySelector('h1').textContent, 'a');
});

test('redirectKeepsQueryStringAndHashAndMarksTheLanding', () => {
  const to = new URL(redirectTarget('https://shop.example/pricing?utm_source=ad&x=1#plans', '/pricing-b', 'hero'));
  assert.equal(to.pathname, '/pricing-b');
  assert.equal(to.searchParams.get('utm_source'), 'ad');
  assert.equal(to.searchParams.get('x'), '1');
  assert.equal(to.searchParams.get('momentum_redirect'), 'hero');
  assert.equal(to.hash, '#plans');
});

test('redirectTargetsOwnQueryWins', () => {
  const to = new URL(redirectTarget('https://shop.example/pricing?plan=a', '/b?plan=b', 'hero'));
  assert.deepEqual(to.searchParams.getAll('plan'), ['b']);
});

test('aRedirectedPageNeverRedirectsAgain', () => {
  const first = redirectTarget('https://shop.example/a?q=1', '/b', 'hero');
  assert.equal(redirectTarget(first, '/a', 'hero'), null);
  assert.equal(redirectTarget(first, '/c', 'other'), null);
});

test('neverRedirectsToTheSamePathOrAScriptUrl', () => {
  assert.equal(redirectTarget('https://shop.example/a?q=1', '/a?q=2', 'hero'), null);
  assert.equal(redirectTarget('https://shop.example/a', 'https://shop.example/a', 'hero'), null);
  assert.equal(redirectTarget('https://shop.example/a', 'javascript:alert(1)', 'hero'), null);
});

test('redirectMayGoToAnotherOriginTheExperimentAllows', () => {
  assert.equal(redirectTarget('https://shop.example/a?q=1', 'https://lp.example/a', 'hero', ['lp.example']),
    'https://lp.example/a?q=1&momentum_redirect=hero');
});

test('aStringForAnImageSlotIsItsSource', () => {
  const doc = page('<img data-momentum="hero:hero_image" src="/img/a.webp">');
  applyPayload(doc, 'hero', { hero_image: '/img/hero-growth.webp' });
  assert.equal(doc.querySelector('img').getAttribute('src'), '/img/hero-growth.webp');
  applyPayload(doc, 'hero', { hero_image: 'javascript:alert(1)' });
  assert.equal(doc.querySelector('img').getAttribute('src'), '/img/hero-growth.webp');
});

test('redirectStaysOnTheOriginUnlessThePayloadAllowsTheHost', () => {
  assert.equal(redirectTarget('https://shop.example/a', 'https://evil.example/phish', 'hero'), null);
  assert.equal(redirectTarget('https://shop.example/a', '//evil.example/phish', 'hero', ['other.example']), null);
  const allowed = new URL(redirectTarget('https://shop.example/a', 'https://promo.example/b', 'hero', ['promo.example']));
  assert.equal(allowed.host, 'promo.example');
});

test('payloadUrlsStayOnTheSiteUnlessTheHostIsAllowed', () => {
  const doc = page('<a data-momentum="cta:button" href="/a">x</a><img data-momentum="cta:img" src="/a.png">');
  for (const href of ['https://evil.example/x', '//evil.example/x', '/\\evil.example/x', ' https://evil.example', 'https://shop.example@evil.example/',
    'ftp://shop.example/x', 'data:image/png;base64,AAAA']) {
    applyPayload(doc, 'cta', { button: { attrs: { href, formaction: href } }, img: href });
    assert.equal(doc.querySelector('a').getAttribute('href'), '/a', href);
    assert.equal(doc.querySelector('a').getAttribute('formaction'), null, href);
    assert.equal(doc.querySelector('img').getAttribute('src'), '/a.png', href);
  }
  applyPayload(doc, 'cta', { button: { attrs: { href: 'https://shop.example/b?x=1' } }, img: '/b.png' });
  assert.equal(doc.querySelector('a').getAttribute('href'), 'https://shop.example/b?x=1');
  assert.equal(doc.querySelector('img').getAttribute('src'), '/b.png');
  applyPayload(doc, 'cta', { button: { attrs: { href: 'https://checkout.example/c' } }, allowed_hosts: ['checkout.example'] });
  assert.equal(doc.querySelector('a').getAttribute('href'), 'https://checkout.example/c', 'a listed host');
});

test('everySrcsetCandidateIsChecked', () => {
  const ok = (v) => onSite(PAGE, [], 'srcset', v);
  assert.ok(ok('/a.png 1x, /b.png 2x'));
  assert.ok(ok('https://shop.example/a.png 480w,/b.png 800w'));
  assert.ok(!ok('/a.png 1x, https://evil.example/b.png 2x'));
  assert.ok(!ok('/a.png 1x,//evil.example/b.png 2x'), 'a URL may start right after a comma');
  assert.ok(!ok('https://shop.example,@evil.example/b.png'), 'user info hides the host');
  assert.ok(!ok(',//evil.example/b.png'));
});

test('stylesLoadOnlyFromTheSite', () => {
  const doc = page('<div data-momentum="hero:box" style="color: red">x</div>');
  const box = doc.querySelector('div');
  for (const bad of ["url(https://evil.example/a.png)", "url( '//evil.example/a.png' )", 'url("https://evil.example/a.png") no-repeat',
    'image-set("https://evil.example/a.png" 1x)', '\\75 rl(https://evil.example/a.png)', 'url(https://shop.example@evil.example/a.png)',
    'url(javascript:alert(1))']) {
    applyPayload(doc, 'hero', { box: { style: { backgroundImage: bad } } });
    assert.equal(box.style.getPropertyValue('background-image'), '', bad);
    assert.ok(!onSite(PAGE, [], 'style', bad), bad);
  }
  applyPayload(doc, 'hero', { box: { style: { backgroundImage: "url('/img/hero-b.png')", fontFamily: '"Helvetica Neue", sans-serif' } } });
  assert.equal(box.style.getPropertyValue('background-image'), "url('/img/hero-b.png')");
  assert.ok(box.style.getPropertyValue('font-family').includes('Helvetica Neue'));
  assert.ok(onSite(PAGE, ['cdn.example'], 'style', 'url(https://cdn.example/a.png) center / cover'));
  applyPayload(doc, 'hero', { box: { attrs: { style: 'background: url(https://evil.example/a.png)' } } });
  assert.equal(box.getAttribute('style').includes('evil'), false, 'styles come from style: {}, never attrs.style');
});

test('textAttributesMayHoldAnything', () => {
  const doc = page('<img data-momentum="hero:img" src="/a.png">');
  applyPayload(doc, 'hero', { img: { attrs: { alt: 'Note: me@example.com https://evil.example' } } });
  assert.equal(doc.querySelector('img').getAttribute('alt'), 'Note: me@example.com https://evil.example');
});
