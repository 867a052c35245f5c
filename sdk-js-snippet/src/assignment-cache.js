// Where the visitor's assignments come from: a local experiment list (assigned by the lazily loaded file, which holds
// the hashing), the session cache, or GET /v1/assign.
const CACHE_PREFIX = 'momentum_a:';
const KEEP_KEY = 'momentum_k'; // "experiment:variant,...": the visitor's bucketed variants, sent back as keep (sticky bandits)

/** The query of GET /v1/assign for this page and visitor; track=false because the snippet sends exposures itself. */
function assignQuery(config, location, visitor) {
  const query = new URLSearchParams({ visitor, url: location.pathname, track: 'false' });
  if (config.stage) query.set('stage', config.stage);
  const force = new URLSearchParams(location.search).get('momentum_force'); // QA links (the server decides if allowed)
  if (force) query.set('momentum_force', force);
  if (config.debug) query.set('debug', '1'); // the server then says why each other experiment assigns nothing
  const attributes = { site: config.site, ...config.source, ...config.attributes };
  for (const name in attributes) if (attributes[name] != null) query.set('attr.' + name, attributes[name]);
  return query;
}

/**
 * load(visitor, onLoaded, onFailed): assigns locally from config.experiments (once whenLoaded ran), else answers from the session cache
 * (keyed by the whole query, younger than config.ttl), else asks the server and caches its answer.
 */
export function createAssignmentCache(win, config, storage, whenLoaded) {
  return function load(visitor, onLoaded, onFailed) {
    if (config.experiments) return whenLoaded(() => onLoaded(win.momentum.assignLocally(config.experiments, visitor, config.stage)));
    const query = assignQuery(config, win.location, visitor);
    const key = CACHE_PREFIX + query;
    const cached = storage.session(key);
    if (cached && Date.now() - cached.t < config.ttl) return onLoaded(cached.a);
    let kept = storage.local(KEEP_KEY) || '';
    if (kept) query.set('keep', kept);
    win.fetch(config.server + '/v1/assign?' + query, { credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((answer) => {
        if (answer.not_assigned) win.console.table(answer.not_assigned);
        for (const a of answer.assignments) {
          if (a.source == 'bucketed' && !(',' + kept).includes(',' + a.experiment + ':')) kept += (kept && ',') + a.experiment + ':' + a.variant;
        }
        storage.local(KEEP_KEY, kept); // the first variant of each experiment stays (the server reads the first 20)
        storage.session(key, { t: Date.now(), a: answer.assignments });
        return answer.assignments;
      })
      .then(onLoaded, onFailed);
  };
}
