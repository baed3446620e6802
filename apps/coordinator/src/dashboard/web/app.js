// @ts-check
/**
 * The dashboard: sign-in with an API key, hash routes (#/overview, #/requests, #/requests/<id>, #/services,
 * #/bulk, #/holds for admins), and
 * the live connection whose events each page applies to what it shows.
 */
import { Api, ApiError } from './api.js';
import { useCatalog } from './catalog.js';
import { bulkView } from './bulk.js';
import { byId } from './dom.js';
import { canSeeHolds, holdsView } from './holds.js';
import { LiveConnection } from './live.js';
import { overviewView } from './overview.js';
import { requestDetailView } from './request-detail.js';
import { requestsView } from './requests.js';
import { servicesView } from './services.js';

/**
 * @typedef {{api: Api, role: string, actor: string, canAct: boolean, now: () => number,
 *   navigate: (hash: string) => void}} Context
 * @typedef {{element: HTMLElement, load: () => Promise<void>, onResync?: () => unknown,
 *   onRequestChange?: (request: any) => void, update?: (params: URLSearchParams) => void,
 *   dispose?: () => void}} View
 */

/**
 * The key lives in this tab's session storage: it survives a reload but not the tab, and is never written to a
 * cookie or a URL. The page's Content-Security-Policy allows no third-party or inline script that could read it.
 */
const KEY_STORAGE = 'lethe.dashboard.apiKey';
const ROLES = ['auditor', 'operator', 'admin'];
const LIVE_LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** @type {Context | undefined} */
let context;
/** @type {LiveConnection | undefined} */
let live;
/** @type {{name: string, key: string, view: View} | undefined} */
let current;
/** `ready` events seen on this sign-in: every one after the first follows a reconnection. */
let readyEvents = 0;

function start() {
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ (byId('api-key'));
    void signIn(input.value.trim(), true);
  });
  byId('sign-out').addEventListener('click', () => signOut());
  // the routes live in the hash, so the skip link moves the focus itself instead of changing the hash
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    byId('main').focus();
  });
  window.addEventListener('hashchange', () => route());
  const stored = sessionStorage.getItem(KEY_STORAGE);
  if (stored) void signIn(stored, false);
  else showSignIn();
}

/**
 * @param {string} key
 * @param {boolean} typed whether the person just entered it (errors then go to the form)
 */
async function signIn(key, typed) {
  const error = byId('sign-in-error');
  error.textContent = '';
  if (!key) {
    error.textContent = 'Enter an API key.';
    return;
  }
  const api = new Api(key, () =>
    signOut('Your API key is no longer accepted (it may have been revoked). Sign in again.'),
  );
  let me;
  try {
    me = /** @type {{actor: string, role: string}} */ (await api.get('/v1/me'));
    // every page reads its statuses and rules from here; asked only once the key is known to be good, so that a
    // refused key is answered once (a second 401 would replace the form's message with the revoked-key one)
    useCatalog(/** @type {import('./catalog.js').Meta} */ (await api.get('/v1/meta')));
  } catch (failure) {
    sessionStorage.removeItem(KEY_STORAGE);
    const message =
      failure instanceof ApiError && failure.status === 401
        ? 'That API key was not accepted. Check it and try again.'
        : failure instanceof Error
          ? failure.message
          : String(failure);
    showSignIn(typed || failure instanceof ApiError ? message : undefined);
    return;
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  /** @type {HTMLInputElement} */ (byId('api-key')).value = '';
  context = {
    api,
    role: me.role,
    actor: me.actor,
    canAct: ROLES.indexOf(me.role) >= ROLES.indexOf('operator'),
    now: () => Date.now(),
    navigate: (hash) => {
      if (location.hash === hash) route();
      else location.hash = hash;
    },
  };
  byId('who-actor').textContent = me.actor;
  byId('who-role').textContent = me.role;
  byId('nav-holds').hidden = !canSeeHolds(context);
  byId('sign-in').hidden = true;
  byId('shell').hidden = false;
  startLive(key);
  route(true);
}

/** @param {string} key */
function startLive(key) {
  live?.stop();
  readyEvents = 0;
  live = new LiveConnection({
    key,
    onState: (state) => {
      const status = byId('live-status');
      status.dataset.state = state;
      const label = status.querySelector('.live-label');
      if (label) label.textContent = LIVE_LABELS[state];
      status.title =
        state === 'live'
          ? 'Changes appear as they happen'
          : 'Changes will appear once the connection is back';
    },
    onEvent: (event) => {
      // `ready` comes first on every (re)connection: reload what is shown so nothing missed meanwhile is lost
      if (event.type === 'ready' && readyEvents++ > 0) current?.view.onResync?.();
      if (event.type === 'request') current?.view.onRequestChange?.(event.data);
    },
    onUnauthorized: () =>
      signOut('Your API key is no longer accepted (it may have been revoked). Sign in again.'),
  });
  live.start();
}

/** @param {string} [message] shown on the sign-in form */
function signOut(message) {
  live?.stop();
  live = undefined;
  current?.view.dispose?.();
  current = undefined;
  context = undefined;
  sessionStorage.removeItem(KEY_STORAGE);
  byId('main').replaceChildren();
  showSignIn(message);
}

/** @param {string} [message] */
function showSignIn(message) {
  byId('shell').hidden = true;
  byId('sign-in').hidden = false;
  byId('sign-in-error').textContent = message ?? '';
  byId('api-key').focus();
}

/** @returns {{name: string, key: string, params: URLSearchParams, id?: string}} */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query);
  if (parts[0] === 'requests' && parts[1])
    return { name: 'request', key: `request:${parts[1]}`, params, id: parts[1] };
  if (parts[0] === 'requests') return { name: 'requests', key: 'requests', params };
  if (parts[0] === 'services') return { name: 'services', key: 'services', params };
  if (parts[0] === 'bulk') return { name: 'bulk', key: 'bulk', params };
  if (parts[0] === 'holds') return { name: 'holds', key: 'holds', params };
  return { name: 'overview', key: 'overview', params };
}

/** @param {boolean} [initial] */
function route(initial = false) {
  if (!context) return;
  const parsed = parseHash();
  // the holds page is for admins only (the API refuses others too): anyone else lands on the overview
  const allowed = parsed.name !== 'holds' || canSeeHolds(context);
  const target = allowed ? parsed : { name: 'overview', key: 'overview', params: parsed.params };
  if (
    !location.hash ||
    !allowed ||
    !['overview', 'requests', 'request', 'services', 'bulk', 'holds'].includes(target.name)
  ) {
    history.replaceState(null, '', '#/overview');
  }
  for (const link of document.querySelectorAll('[data-nav]')) {
    const section = target.name === 'request' ? 'requests' : target.name;
    if (link.getAttribute('data-nav') === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // the same list with other filters: keep the page and the focus, reload the rows
  if (current && current.key === target.key && current.view.update) {
    current.view.update(target.params);
    return;
  }
  current?.view.dispose?.();
  const view =
    target.name === 'request' && target.id
      ? requestDetailView(context, target.id)
      : target.name === 'requests'
        ? requestsView(context, target.params)
        : target.name === 'services'
          ? servicesView(context)
          : target.name === 'bulk'
            ? bulkView(context)
            : target.name === 'holds'
              ? holdsView(context)
              : overviewView(context);
  current = { name: target.name, key: target.key, view };
  const main = byId('main');
  main.replaceChildren(view.element);
  document.title = `${titleOf(target.name)} · Lethe`;
  void view.load().then(() => {
    if (current?.view !== view) return;
    // land keyboard and screen-reader users on the new page's title, as a page load would
    const heading = main.querySelector('h1');
    if (!initial && heading instanceof HTMLElement) heading.focus();
  });
}

/** @param {string} name */
function titleOf(name) {
  return (
    {
      overview: 'Overview',
      requests: 'Requests',
      request: 'Request',
      services: 'Services',
      bulk: 'Bulk erasure',
      holds: 'Legal holds',
    }[name] ?? 'Lethe'
  );
}

start();
