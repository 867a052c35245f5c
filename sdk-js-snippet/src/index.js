// Entry of dist/momentum.js: one global, configured by the script tag's data attributes.
import { createMomentum } from './core.js';

try {
  const script = document.currentScript;
  const momentum = (window.momentum = createMomentum(window));
  if (script && !script.hasAttribute('data-manual')) {
    momentum.init(Object.assign({ server: script.src && new URL(script.src).origin, nonce: script.nonce }, script.dataset));
  }
} catch (e) {
  /* never break the host page */
}
