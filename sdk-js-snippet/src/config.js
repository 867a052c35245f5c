// The snippet's configuration: the defaults in one place, init options (or data attributes) merged over them.

/** A fresh configuration holding the defaults; the parts read it when they act, so a later init() applies. */
export const createConfig = () => ({ timeout: 800, storage: 'cookie', ttl: 300000, visit: 'visit' });

/** Merges options into the configuration (data attributes arrive as strings); the server defaults to the page's origin. */
export function configure(config, options, location) {
  Object.assign(config, options);
  config.timeout = +config.timeout;
  if (!config.server) config.server = location.origin;
  if (/[?&]momentum_debug=1/.test(location.search)) config.debug = 1;
}
