// Entry of dist/momentum.js: one global, configured by the script tag's data attributes.
import { createMomentum } from './core.js';

try {
  const script = document.currentScript;
  // A plain object already in window.momentum is configuration set by the page before the tag (e.g. attributes);
  // an object with init() means the snippet was loaded twice: the first one stays.
  const preset = window.momentum;
  if (!(preset && preset.init)) {
    const momentum = (window.momentum = createMomentum(window));
    if (script && !script.hasAttribute('data-manual')) {
      momentum.init(Object.assign({ server: script.src && new URL(script.src).origin, nonce: script.nonce }, script.dataset, preset));
    }
  }
} catch (e) {
  /* never break the host page */
}
