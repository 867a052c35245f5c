import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { render, rewardSpec, scalePoints, surveySpec } from '../src/widgets.js';

function context() {
  const { document } = parseHTML('<html><head></head><body><h1>Account</h1></body></html>');
  const events = [];
  const exposed = [];
  return { document, events, exposed, event: (e) => events.push(e), expose: (a) => exposed.push(a.experiment) };
}

test('theCatalogsFlatSurveyShapeBecomesAOneClickRatingOrAForm', () => {
  assert.deepEqual(surveySpec({ survey: 'rating', question: 'How likely?' }),
    { style: 'one_click', title: undefined, question: 'How likely?', thanks: undefined, submit: undefined, scale: undefined, questions: [] });
  const form = surveySpec({ survey: 'form', question: 'How likely?', follow_up: ['Why?'] });
  assert.equal(form.style, 'form');
  assert.deepEqual(form.questions, [{ type: 'scale', label: 'How likely?', scale: undefined }, { type: 'text', label: 'Why?' }]);
  assert.equal(surveySpec({ survey: 'thumbs', question: 'Useful?' }).scale, 'thumbs');
});

test('scalesRunFromTheirLowToTheirHighEnd', () => {
  assert.deepEqual(scalePoints(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(scalePoints('1-5'), [1, 2, 3, 4, 5]);
});

test('theOneClickWidgetIsALabelledDialogThatSendsTheScore', () => {
  const ctx = context();
  render({ experiment: 'nps', payload: { survey: 'rating', question: 'How likely?' } }, ctx);
  const dialog = ctx.document.querySelector('[role=dialog]');
  const heading = ctx.document.getElementById(dialog.getAttribute('aria-labelledby'));
  assert.equal(heading.textContent, 'How likely?');
  assert.deepEqual(ctx.exposed, ['nps']);
  const nine = [...dialog.querySelectorAll('button')].find((b) => b.textContent === '9');
  nine.dispatchEvent(new ctx.document.defaultView.Event('click'));
  assert.deepEqual(ctx.events, [{ type: 'survey', experiment: 'nps', score: 9 }]);
  assert.equal(heading.textContent, 'Thank you!');
});

test('theRewardBannerShowsTheTextAndItsClickIsAReferral', () => {
  const ctx = context();
  render({ experiment: 'referral-reward', payload: { reward: 'credit', banner: 'You both get $20' } }, ctx);
  const banner = ctx.document.querySelector('aside');
  assert.equal(banner.querySelector('h2').textContent, 'You both get $20');
  banner.querySelector('.momentum-cta').dispatchEvent(new ctx.document.defaultView.Event('click'));
  assert.deepEqual(ctx.events, [{ type: 'referral', experiment: 'referral-reward' }]);
});

test('aRewardWithAGoalSendsThatConversionAndAScriptUrlIsNoLink', () => {
  const ctx = context();
  render({ experiment: 'r', payload: { reward: { text: 'Get $20', cta: 'Invite', url: 'javascript:alert(1)', goal: 'reward_click' } } }, ctx);
  const cta = ctx.document.querySelector('.momentum-cta');
  assert.equal(cta.tagName, 'BUTTON');
  assert.equal(cta.getAttribute('href'), null);
  cta.dispatchEvent(new ctx.document.defaultView.Event('click'));
  assert.deepEqual(ctx.events, [{ type: 'conversion', goal: 'reward_click', experiment: 'r' }]);
  assert.deepEqual(rewardSpec({ reward: 'swag', banner: 'Hoodie', url: '/r' }), { title: undefined, text: 'Hoodie', cta: undefined, url: '/r', goal: undefined });
});

test('aWidgetIsShownOncePerExperiment', () => {
  const ctx = context();
  const a = { experiment: 'nps', payload: { survey: 'rating', question: 'Q?' } };
  render(a, ctx);
  render(a, ctx);
  assert.equal(ctx.document.querySelectorAll('[data-momentum-widget]').length, 1);
});

test('theWidgetStylesheetCarriesTheNonceOfTheContextOnlyWhenThereIsOne', () => {
  const strict = { ...context(), nonce: 'r4nd0m' };
  render({ experiment: 'nps', payload: { survey: 'rating', question: 'Q?' } }, strict);
  assert.equal(strict.document.getElementById('momentum-w-css').getAttribute('nonce'), 'r4nd0m');
  const plain = context();
  render({ experiment: 'nps', payload: { survey: 'rating', question: 'Q?' } }, plain);
  assert.equal(plain.document.getElementById('momentum-w-css').hasAttribute('nonce'), false);
});
