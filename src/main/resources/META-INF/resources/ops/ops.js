// The operator page: reads /admin/* and /q/metrics every two seconds with the operator's bearer token, kept for this
// browser tab only (sessionStorage). A token may also arrive in the URL fragment (#token=...), which never reaches
// the server; in dev mode the page fetches one from /dev/token when it has none.
'use strict';

const REFRESH_MS = 2000;
const MODULES = ['orders', 'inventory', 'payments', 'shipping'];
const tokenInput = document.getElementById('token');
const statusLine = document.getElementById('status');
let previousHandled = null;

function token() {
  return sessionStorage.getItem('eventshop.token') || '';
}

function setToken(value) {
  sessionStorage.setItem('eventshop.token', value.trim());
  tokenInput.value = value.trim();
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json', ...(options.headers || {}) },
  });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch (ignored) { /* not a problem document */ }
    throw new Error(response.status + ' ' + detail);
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function fill(tableId, rows, emptyId) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren(...rows);
  if (emptyId) document.getElementById(emptyId).hidden = rows.length > 0;
}

/** Handler completions per subscription from the Prometheus text, to show a rate between two refreshes. */
function handledCounts(metrics) {
  const counts = {};
  const line = /^eventshop_subscription_handler_seconds_count\{([^}]*)\} ([0-9.eE+-]+)$/gm;
  let match;
  while ((match = line.exec(metrics)) !== null) {
    const subscription = /subscription="([^"]*)"/.exec(match[1]);
    if (subscription) counts[subscription[1]] = (counts[subscription[1]] || 0) + Number(match[2]);
  }
  return counts;
}

function lagAges(metrics) {
  const ages = {};
  const line = /^eventshop_subscription_lag_age_seconds\{[^}]*subscription="([^"]*)"[^}]*\} ([0-9.eE+-]+)$/gm;
  let match;
  while ((match = line.exec(metrics)) !== null) ages[match[1]] = Number(match[2]);
  return ages;
}

/** The module a subscription feeds: its name's first part (orders-payments feeds orders, payments-commands payments). */
function moduleOf(subscription) {
  const first = subscription.split(/[-@]/)[0];
  return MODULES.includes(first) ? first : null;
}

function renderSubscriptions(subscriptions, rates, ages) {
  fill('subscriptions', subscriptions.map(s => {
    const tr = document.createElement('tr');
    tr.dataset.subscription = s.name;
    const age = ages[s.name];
    tr.append(cell(s.name), cell(s.owner, 'muted'), cell(s.paused ? 'paused' : '', s.paused ? 'bad' : ''),
      cell(rates[s.name] === undefined ? '' : rates[s.name].toFixed(1), 'num'),
      cell(s.lag, 'num' + (s.lag > 0 ? ' bad' : '')), cell(age === undefined ? '' : age.toFixed(1), 'num'),
      cell(s.parked, 'num' + (s.parked > 0 ? ' bad' : '')));
    const actions = document.createElement('td');
    const toggle = document.createElement('button');
    toggle.textContent = s.paused ? 'Resume' : 'Pause';
    toggle.onclick = () => act('/admin/subscriptions/' + encodeURIComponent(s.name) + (s.paused ? '/resume' : '/pause'));
    actions.append(toggle);
    tr.append(actions);
    return tr;
  }));

  const map = document.getElementById('map');
  map.replaceChildren(...MODULES.map(module => {
    const card = document.createElement('div');
    card.className = 'module';
    card.dataset.module = module;
    const title = document.createElement('h3');
    title.textContent = module;
    card.append(title);
    subscriptions.filter(s => moduleOf(s.name) === module).forEach(s => {
      const line = document.createElement('div');
      line.className = 'channel';
      const rate = rates[s.name] === undefined ? '–' : rates[s.name].toFixed(1) + '/s';
      const age = ages[s.name] === undefined ? '' : ', ' + ages[s.name].toFixed(1) + ' s';
      line.textContent = '';
      const name = document.createElement('span');
      name.textContent = '← ' + s.name;
      const figures = document.createElement('span');
      figures.textContent = rate + ', lag ' + s.lag + age + (s.paused ? ', paused' : '') + (s.parked ? ', parked ' + s.parked : '');
      if (s.lag > 0 || s.parked > 0 || s.paused) {
        figures.className = 'bad';
        card.classList.add('lagging');
      }
      line.append(name, figures);
      card.append(line);
    });
    return card;
  }));
}

async function renderParked(subscriptions) {
  const withParked = subscriptions.filter(s => s.parked > 0);
  const lists = await Promise.all(withParked.map(s => api('/admin/subscriptions/' + encodeURIComponent(s.name) + '/parked')));
  const rows = [];
  lists.flat().filter(p => p.status !== 'SKIPPED').forEach(p => {
    const tr = document.createElement('tr');
    tr.dataset.eventId = p.eventId;
    tr.append(cell(p.subscription), cell(p.streamId), cell(p.eventType), cell(p.status), cell(p.attempts, 'num'),
      cell(p.lastError, 'muted'), cell(p.parkedAt));
    const actions = document.createElement('td');
    if (p.status === 'PARKED') {
      const replay = document.createElement('button');
      replay.textContent = 'Replay';
      replay.className = 'replay';
      replay.onclick = () => act('/admin/subscriptions/' + encodeURIComponent(p.subscription) + '/parked/' + p.eventId + '/replay');
      const skip = document.createElement('button');
      skip.textContent = 'Skip';
      skip.className = 'skip';
      skip.onclick = () => {
        const reason = prompt('Why skip this event? What it would have done is not done.');
        if (reason !== null) {
          act('/admin/subscriptions/' + encodeURIComponent(p.subscription) + '/parked/' + p.eventId + '/skip',
            JSON.stringify({ reason }));
        }
      };
      actions.append(replay, ' ', skip);
    }
    tr.append(actions);
    rows.push(tr);
  });
  fill('parked', rows, 'no-parked');
}

/** A cell with the order id as a link that shows the order's timeline. */
function orderCell(orderId) {
  const link = document.createElement('a');
  link.href = '#';
  link.textContent = orderId;
  link.onclick = event => { event.preventDefault(); showTimeline(orderId); };
  const td = document.createElement('td');
  td.append(link);
  return td;
}

function renderStuck(stuck) {
  fill('stuck', stuck.map(o => {
    const tr = document.createElement('tr');
    tr.append(orderCell(o.orderId), cell(o.status), cell(o.reason), cell((o.lastEventType || '') + ' ' + (o.lastEventAt || ''), 'muted'));
    return tr;
  }), 'no-stuck');
}

function renderReconciliation(report) {
  document.getElementById('reconciled').textContent = report ? '(last run ' + report.ranAt + ')' : '(no run yet)';
  fill('reconciliation', (report ? report.findings : []).map(f => {
    const tr = document.createElement('tr');
    tr.append(cell(f.kind, 'bad'), orderCell(f.subject), cell(f.detail, 'muted'));
    return tr;
  }), 'no-findings');
}

function renderReadModels(models) {
  fill('read-models', models.map(m => {
    const tr = document.createElement('tr');
    tr.dataset.readModel = m.name;
    const r = m.lastRebuild;
    const status = r ? r.status + (r.status === 'DONE' ? '' : ' ' + r.percentDone + '%') + (r.error ? ': ' + r.error : '') : 'never';
    tr.append(cell(m.name), cell(m.module, 'muted'),
      cell(status, r && (r.status === 'FAILED' || r.status === 'INTERRUPTED') ? 'bad' : ''),
      cell(r ? r.streamsDone + ' / ' + r.streamsTotal : '', 'num'), cell(r ? r.requestedBy : '', 'muted'),
      cell(r ? r.startedAt : '', 'muted'));
    const actions = document.createElement('td');
    const rebuild = document.createElement('button');
    rebuild.textContent = 'Rebuild';
    rebuild.disabled = !!r && r.status === 'RUNNING';
    rebuild.onclick = () => {
      if (confirm('Rebuild ' + m.name + ' from the events of every stream?')) {
        act('/admin/read-models/' + encodeURIComponent(m.name) + '/rebuild');
      }
    };
    actions.append(rebuild);
    tr.append(actions);
    return tr;
  }));
}

function renderOperations(actions) {
  fill('operations', actions.map(a => {
    const tr = document.createElement('tr');
    tr.append(cell(a.at, 'muted'), cell(a.type), cell(JSON.stringify(a.details), 'muted'));
    return tr;
  }));
}

async function showTimeline(orderId) {
  document.getElementById('order-id').value = orderId;
  try {
    const entries = await api('/admin/orders/' + encodeURIComponent(orderId) + '/timeline');
    fill('timeline', entries.map(e => {
      const tr = document.createElement('tr');
      tr.append(cell(e.recordedAt, 'muted'), cell(e.module), cell(e.type), cell(e.streamId + ' #' + e.streamVersion),
        cell(e.traceId, 'muted'));
      return tr;
    }));
  } catch (error) {
    const tr = document.createElement('tr');
    tr.append(cell(error.message, 'bad'));
    fill('timeline', [tr]);
  }
}

async function act(path, body) {
  try {
    await api(path, { method: 'POST', body, headers: body ? { 'Content-Type': 'application/json' } : {} });
    await refresh();
  } catch (error) {
    statusLine.textContent = error.message;
    statusLine.className = 'bad';
  }
}

async function refresh() {
  if (!token()) {
    statusLine.textContent = 'paste an admin token';
    statusLine.className = 'bad';
    return;
  }
  try {
    const [subscriptions, metrics, stuck, operations, reconciliation, readModels] = await Promise.all([
      api('/admin/subscriptions'), api('/q/metrics', { headers: { Accept: 'text/plain' } }),
      api('/admin/orders/stuck?limit=50'), api('/admin/operations?limit=20'),
      api('/admin/reconciliation').catch(() => null), api('/admin/read-models').catch(() => [])]);
    const handled = handledCounts(metrics);
    const now = Date.now();
    const rates = {};
    if (previousHandled) {
      const seconds = (now - previousHandled.at) / 1000;
      Object.keys(handled).forEach(name => {
        rates[name] = Math.max(0, (handled[name] - (previousHandled.counts[name] || 0)) / seconds);
      });
    }
    previousHandled = { at: now, counts: handled };
    renderSubscriptions(subscriptions, rates, lagAges(metrics));
    await renderParked(subscriptions);
    renderStuck(stuck);
    renderOperations(operations);
    renderReconciliation(reconciliation);
    renderReadModels(readModels);
    statusLine.textContent = 'updated ' + new Date().toLocaleTimeString();
    statusLine.className = 'ok';
  } catch (error) {
    statusLine.textContent = error.message;
    statusLine.className = 'bad';
  }
}

async function start() {
  const fromFragment = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (fromFragment) {
    setToken(decodeURIComponent(fromFragment[1]));
    history.replaceState(null, '', location.pathname);
  } else if (token()) {
    tokenInput.value = token();
  } else {
    try { // dev mode only: the path does not exist in a packaged application
      const devToken = await fetch('/dev/token?subject=operator&role=admin');
      if (devToken.ok) setToken(await devToken.text());
    } catch (ignored) { /* not in dev mode */ }
  }
  tokenInput.addEventListener('change', () => { setToken(tokenInput.value); refresh(); });
  document.getElementById('timeline-form').addEventListener('submit', event => {
    event.preventDefault();
    showTimeline(document.getElementById('order-id').value.trim());
  });
  await refresh();
  setInterval(refresh, REFRESH_MS);
}

start();
