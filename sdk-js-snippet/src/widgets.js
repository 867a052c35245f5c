// The survey widget and the reward banner (dist/momentum-widgets.js), loaded by the core only when an
// assignment carries a `survey` or `reward` payload. Built with createElement/textContent only.
import { safeAttr } from './apply.js';

const CSS = `.momentum-w{position:fixed;right:16px;bottom:16px;z-index:2147483000;max-width:360px;box-sizing:border-box;
padding:16px;border-radius:var(--momentum-radius,8px);background:var(--momentum-bg,#fff);color:var(--momentum-fg,#1f2328);
font:14px/1.4 var(--momentum-font,system-ui,sans-serif);box-shadow:0 4px 24px rgba(0,0,0,.18)}
.momentum-w h2{font-size:16px;margin:0 32px 12px 0}.momentum-w h2:focus{outline:none}
.momentum-w button,.momentum-w .momentum-cta{font:inherit;cursor:pointer;border:1px solid var(--momentum-accent,#0969da);
border-radius:4px;background:transparent;color:var(--momentum-accent,#0969da);padding:4px 8px;margin:2px;text-decoration:none;display:inline-block}
.momentum-w button[type=submit],.momentum-w .momentum-cta{background:var(--momentum-accent,#0969da);color:var(--momentum-accent-fg,#fff)}
.momentum-w button:focus-visible,.momentum-w a:focus-visible,.momentum-w input:focus-visible,.momentum-w textarea:focus-visible{outline:2px solid var(--momentum-accent,#0969da);outline-offset:2px}
.momentum-w .momentum-close{position:absolute;top:8px;right:8px;border:0;color:inherit;font-size:18px;line-height:1}
.momentum-w fieldset{border:0;margin:0 0 12px;padding:0}.momentum-w legend,.momentum-w label{display:block;margin-bottom:4px}
.momentum-w .momentum-scale label{display:inline-block;margin-right:4px}.momentum-w .momentum-scale button{min-width:26px;padding:4px 5px;margin:1px}.momentum-w textarea{width:100%;box-sizing:border-box}`;

let counter = 0;

/** Creates an element with attributes (values set as attributes, never parsed as HTML) and children. */
function h(doc, tag, attrs, ...children) {
  const el = doc.createElement(tag);
  for (const k in attrs || {}) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
  for (const c of children.flat()) if (c != null) el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return el;
}

/** Scale "0-10" -> [0..10]; "1-5" -> [1..5]. */
export function scalePoints(scale) {
  const m = /^(\d+)-(\d+)$/.exec(scale || '0-10');
  const out = [];
  for (let i = m ? +m[1] : 0; i <= (m ? +m[2] : 10); i++) out.push(i);
  return out;
}

/** A dialog shell: heading focused, Escape and the close button remove it. */
function dialog(doc, title, kind, nonce) {
  const id = 'momentum-h' + ++counter;
  const heading = h(doc, 'h2', { id, tabindex: '-1' }, title);
  const box = h(doc, kind === 'survey' ? 'div' : 'aside', {
    class: 'momentum-w momentum-' + kind, role: kind === 'survey' ? 'dialog' : 'complementary', 'aria-labelledby': id,
  }, heading);
  const close = () => box.remove();
  box.addEventListener('keydown', (e) => e.key === 'Escape' && close());
  // appended after the content (render), so Tab reaches the answers first; shown top right
  const closeButton = h(doc, 'button', { type: 'button', class: 'momentum-close', 'aria-label': 'Close' }, '\u00d7');
  closeButton.addEventListener('click', close);
  // a nonce-based CSP applies only the stylesheets that carry the page's nonce
  if (!doc.getElementById('momentum-w-css')) doc.head.append(h(doc, 'style', { id: 'momentum-w-css', nonce }, CSS));
  return { box, heading, closeButton };
}

function thanks(d, text) {
  while (d.box.lastChild !== d.heading) d.box.lastChild.remove();
  d.heading.textContent = text || 'Thank you!';
  d.box.append(d.closeButton);
  d.heading.focus();
}

/** One-click rating: a row of buttons (0-10 scale or thumbs); one click sends the survey event. */
function oneClick(doc, a, s, ctx, d) {
  const send = (e) => {
    ctx.event(Object.assign({ type: 'survey', experiment: a.experiment }, e));
    thanks(d, s.thanks);
  };
  const row = h(doc, 'div', { role: 'group', 'aria-labelledby': d.heading.id, class: 'momentum-scale' });
  if (s.scale === 'thumbs') {
    for (const [choice, label, icon] of [['up', 'Yes', '\u{1F44D}'], ['down', 'No', '\u{1F44E}']]) {
      const b = h(doc, 'button', { type: 'button', 'aria-label': label, 'data-choice': choice }, icon);
      b.addEventListener('click', () => send({ choice }));
      row.append(b);
    }
  } else {
    for (const score of scalePoints(s.scale)) {
      const b = h(doc, 'button', { type: 'button', 'data-score': score }, String(score));
      b.addEventListener('click', () => send({ score }));
      row.append(b);
    }
  }
  d.box.append(row);
  if (s.low || s.high) d.box.append(h(doc, 'div', { class: 'momentum-hint' }, (s.low || '') + ' \u2013 ' + (s.high || '')));
}

/**
 * A short form: scale questions as radio groups, choice questions as radios, text as a textarea.
 * One survey event: score = the first scale answer, choice = the first choice answer (free text stays on the page).
 */
function form(doc, a, s, ctx, d) {
  const f = h(doc, 'form', { novalidate: '' });
  (s.questions || []).forEach((q, i) => {
    const name = 'momentum-q' + counter + '-' + i;
    const label = q.label || q.question || q.text || '';
    if (q.type === 'text') {
      f.append(h(doc, 'fieldset', null, h(doc, 'label', { for: name }, label),
        h(doc, 'textarea', { id: name, name, rows: '2', maxlength: '500' })));
      return;
    }
    const values = q.type === 'choice' ? q.options || q.choices || [] : scalePoints(q.scale);
    f.append(h(doc, 'fieldset', { class: q.type === 'choice' ? null : 'momentum-scale', 'data-type': q.type || 'scale' },
      h(doc, 'legend', null, label),
      values.map((v) => h(doc, 'label', null, h(doc, 'input', { type: 'radio', name, value: String(v) }), ' ' + v))));
  });
  f.append(h(doc, 'button', { type: 'submit' }, s.submit || 'Send'));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const event = { type: 'survey', experiment: a.experiment };
    for (const fs of f.querySelectorAll('fieldset[data-type]')) {
      const checked = fs.querySelector('input:checked');
      if (!checked) continue;
      if (fs.getAttribute('data-type') === 'choice') event.choice ??= checked.value.slice(0, 64); // the server's limit
      else event.score ??= +checked.value;
    }
    if (event.score == null && event.choice == null) return;
    ctx.event(event);
    thanks(d, s.thanks);
  });
  d.box.append(f);
}

/**
 * The survey spec of a payload: either nested ({survey: {style: one_click|form, question, scale, questions}})
 * or the catalog's flat shape ({survey: rating|thumbs|form, question, scale?, follow_up: [texts]}).
 */
export function surveySpec(p) {
  if (typeof p.survey === 'object') return p.survey;
  const form = p.survey === 'form';
  return {
    style: form ? 'form' : 'one_click', title: p.title, question: p.question, thanks: p.thanks, submit: p.submit,
    scale: p.survey === 'thumbs' ? 'thumbs' : p.scale,
    questions: form ? [{ type: 'scale', label: p.question, scale: p.scale }, ...(p.follow_up || []).map((label) => ({ type: 'text', label }))] : [],
  };
}

/** The reward spec: nested ({reward: {text, cta, url, goal}}) or flat ({reward: kind, banner, cta?, url?, goal?}). */
export function rewardSpec(p) {
  return typeof p.reward === 'object' ? p.reward : { title: p.title, text: p.banner || p.text, cta: p.cta, url: p.url, goal: p.goal };
}

/**
 * Renders the widget of one assignment; exposure is recorded once it is on screen. A reward click-through
 * is a `referral` event of the experiment, or a `conversion` of the payload's `goal` when it names one.
 */
export function render(a, ctx) {
  const doc = ctx.document;
  const p = a.payload || {};
  if (doc.querySelector('[data-momentum-widget="' + a.experiment + '"]')) return;
  let d;
  if (p.survey) {
    const s = surveySpec(p);
    d = dialog(doc, s.title || (s.style === 'form' ? 'A few quick questions' : s.question) || 'Quick question', 'survey', ctx.nonce);
    (s.style === 'form' ? form : oneClick)(doc, a, s, ctx, d);
  } else if (p.reward) {
    const r = rewardSpec(p);
    d = dialog(doc, r.title || r.text || 'Invite a friend', 'reward', ctx.nonce);
    if (r.title && r.text) d.box.append(h(doc, 'p', null, r.text));
    const href = r.url && safeAttr('href', r.url) ? r.url : null;
    const cta = h(doc, href ? 'a' : 'button', { class: 'momentum-cta', href, type: href ? null : 'button' }, r.cta || 'Invite a friend');
    cta.addEventListener('click', () => ctx.event(r.goal
      ? { type: 'conversion', goal: r.goal, experiment: a.experiment }
      : { type: 'referral', experiment: a.experiment }));
    d.box.append(cta);
  } else {
    return;
  }
  d.box.append(d.closeButton);
  d.box.setAttribute('data-momentum-widget', a.experiment);
  doc.body.append(d.box);
  ctx.expose(a);
  if (p.survey) d.heading.focus();
}
