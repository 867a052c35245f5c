// Entry of dist/momentum.js: one global, configured by the script tag's data attributes.
import { createMomentum } from './core.js';

/** Visitor attributes of the tag: data-attributes='{"country":"US"}' (JSON), then data-attr-<name>="value", then the preset's. */
function tagAttributes(script, preset) {
  let attributes = {};
  try {
    attributes = JSON.parse(script.dataset.attributes || '{}');
  } catch (e) {
    console.warn('momentum: data-attributes', e);
  }
  for (const a of script.attributes) if (a.name.startsWith('data-attr-')) attributes[a.name.slice(10)] = a.value;
  return Object.assign(attributes, preset?.attributes);
}

try {
  const script = document.currentScript;
  // A plain object already in window.momentum is configuration set by the page before the tag (e.g. attributes);
  // an object with init() means the snippet was loaded twice: the first one stays.
  const preset = window.momentum;
  if (!preset?.init) {
    const momentum = (window.momentum = createMomentum(window));
    if (script && !script.hasAttribute('data-manual')) {
      momentum.init(Object.assign({ server: script.src && new URL(script.src).origin, nonce: script.nonce }, script.dataset,
        preset, { attributes: tagAttributes(script, preset) }));
    }
  }
} catch (e) {
  /* never break the host page */
}
