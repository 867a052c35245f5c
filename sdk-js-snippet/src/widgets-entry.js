// Entry of dist/momentum-widgets.js: hangs the renderer on the core's global.
import { render } from './widgets.js';

if (window.momentum) window.momentum.widgets = (a, ctx) => {
  try {
    render(a, ctx);
  } catch (e) {
    /* never break the host page */
  }
};
