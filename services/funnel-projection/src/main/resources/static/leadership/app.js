// Pilot Tracker — leadership page.
// Plain ES2020 module: no framework, no build step, nothing fetched from outside this origin.
// Data values from the API are only ever written with textContent.

const API = '/api/v1/analytics';
const STAGES = ['SOLICITED', 'CONTRACTED', 'PRE_ACCEPTANCE'];
const CONVERSIONS = ['solicitedToContracted', 'contractedToPreAcceptance', 'endToEnd'];
const SPANS = ['solicitedToContracted', 'contractedToPreAcceptance'];
const BREAKDOWNS = ['district', 'industry', 'provider', 'cohort'];
const STALLED_ROWS = 50;
const REFRESH_MS = 2000;
const RECONNECT_MS = 2000;
const MAX_QUEUED_DELTAS = 1000;
const KEY_STORE = 'pilotKey';
const LANG_STORE = 'pilotLang';
const DASH = '—';

// ---------------------------------------------------------------------------
// i18n

const MESSAGES = {
  zh: {
    title: '中小企业数字化转型试点进展',
    'lang.toggle': 'English',
    'lang.toggleLabel': 'Switch to English',
    asOf: '截至日期',
    live: '实时',
    exportCsv: '导出 CSV',
    exportXlsx: '导出 Excel',
    funnel: '试点漏斗',
    'stage.SOLICITED': '征集',
    'stage.CONTRACTED': '签约',
    'stage.PRE_ACCEPTANCE': '预验收',
    'stage.WITHDRAWN': '退出',
    stage: '阶段',
    reached: '累计',
    current: '当前',
    dropOff: '流失',
    conversion: '转化率',
    endToEnd: '全流程转化率',
    'legend.reached': '累计到达',
    'legend.current': '当前在该阶段',
    breakdowns: '分项情况',
    'breakdown.note': '各阶段列为累计到达数；横条依次为征集、签约、预验收。',
    'breakdown.district': '按区',
    'breakdown.industry': '按行业',
    'breakdown.provider': '按服务商',
    'breakdown.cohort': '按批次（首次征集月份）',
    district: '区',
    industry: '行业',
    provider: '服务商',
    cohort: '批次（首次征集月份）',
    chart: '图示',
    timeInStage: '阶段耗时',
    span: '阶段',
    'span.solicitedToContracted': '征集 → 签约',
    'span.contractedToPreAcceptance': '签约 → 预验收',
    count: '数量',
    median: '中位数',
    p75: '75 分位',
    p90: '90 分位',
    medianDays: '中位数（天）',
    p75Days: '75 分位（天）',
    p90Days: '90 分位（天）',
    days: '天',
    stalled: '停滞试点',
    uscc: '统一社会信用代码',
    daysWaiting: '等待天数',
    'stalled.total': '共 {total} 家停滞试点',
    'stalled.thresholds': '判定标准：{list}',
    'stalled.threshold': '{stage}超过 {days} 天',
    'stalled.showing': '以下列出等待最久的 {shown} 家',
    'stalled.none': '当前没有停滞试点',
    listSeparator: '，',
    freshness: '数据新鲜度',
    'view.live': '实时',
    'view.asOf': '截至 {date}',
    knownAt: '记录截至',
    position: '位置',
    lastApplied: '最后更新',
    never: '尚无数据',
    lag: '延迟',
    events: '条',
    seconds: '秒',
    'stream.on': '实时推送已连接',
    'stream.off': '实时推送重连中…',
    noData: '暂无数据',
    'key.prompt': '请输入 API 密钥以查看数据。',
    'key.invalid': '密钥无效或已过期，请重新输入。',
    'key.label': 'API 密钥',
    'key.submit': '确定',
    'error.generic': '请求失败',
    'error.network': '无法连接服务器，请检查网络。',
    'error.export': '导出失败',
    'bar.label': '全流程转化率 {value}',
  },
  en: {
    title: 'SME Digital Transformation Pilot Progress',
    'lang.toggle': '中文',
    'lang.toggleLabel': '切换到中文',
    asOf: 'As of',
    live: 'Live',
    exportCsv: 'Export CSV',
    exportXlsx: 'Export Excel',
    funnel: 'Pilot funnel',
    'stage.SOLICITED': 'Solicited',
    'stage.CONTRACTED': 'Contracted',
    'stage.PRE_ACCEPTANCE': 'Pre-acceptance',
    'stage.WITHDRAWN': 'Withdrawn',
    stage: 'Stage',
    reached: 'Reached',
    current: 'Current',
    dropOff: 'Drop-off',
    conversion: 'Conversion',
    endToEnd: 'End-to-end conversion',
    'legend.reached': 'Reached',
    'legend.current': 'Currently in stage',
    breakdowns: 'Breakdowns',
    'breakdown.note': 'Stage columns show how many reached each stage; bars show solicited, contracted and pre-acceptance.',
    'breakdown.district': 'By district',
    'breakdown.industry': 'By industry',
    'breakdown.provider': 'By service provider',
    'breakdown.cohort': 'By cohort (month first solicited)',
    district: 'District',
    industry: 'Industry',
    provider: 'Provider',
    cohort: 'Cohort (month first solicited)',
    chart: 'Chart',
    timeInStage: 'Time in stage',
    span: 'Span',
    'span.solicitedToContracted': 'Solicited → Contracted',
    'span.contractedToPreAcceptance': 'Contracted → Pre-acceptance',
    count: 'Count',
    median: 'Median',
    p75: '75th percentile',
    p90: '90th percentile',
    medianDays: 'Median (days)',
    p75Days: 'P75 (days)',
    p90Days: 'P90 (days)',
    days: 'days',
    stalled: 'Stalled pilots',
    uscc: 'USCC',
    daysWaiting: 'Days waiting',
    'stalled.total': '{total} stalled pilots',
    'stalled.thresholds': 'thresholds: {list}',
    'stalled.threshold': '{stage} over {days} days',
    'stalled.showing': 'the {shown} waiting longest are listed',
    'stalled.none': 'No stalled pilots',
    listSeparator: ', ',
    freshness: 'Data freshness',
    'view.live': 'Live',
    'view.asOf': 'As of {date}',
    knownAt: 'Known at',
    position: 'Position',
    lastApplied: 'Last applied',
    never: 'nothing yet',
    lag: 'Lag',
    events: 'events',
    seconds: 's',
    'stream.on': 'live updates connected',
    'stream.off': 'live updates reconnecting…',
    noData: 'No data',
    'key.prompt': 'Enter the API key to view the data.',
    'key.invalid': 'The API key was rejected. Please enter it again.',
    'key.label': 'API key',
    'key.submit': 'Submit',
    'error.generic': 'Request failed',
    'error.network': 'Cannot reach the server. Please check the network.',
    'error.export': 'Export failed',
    'bar.label': 'End-to-end conversion {value}',
  },
};

let lang = 'zh';

function t(key, params = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

function loadLanguage() {
  try {
    lang = localStorage.getItem(LANG_STORE) === 'en' ? 'en' : 'zh';
  } catch {
    lang = 'zh';
  }
}

function toggleLanguage() {
  lang = lang === 'zh' ? 'en' : 'zh';
  try {
    localStorage.setItem(LANG_STORE, lang);
  } catch {
    /* storage unavailable: keep the choice for this page only */
  }
  applyStaticLabels();
  renderAll();
}

function applyStaticLabels() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  const toggle = byId('lang-toggle');
  toggle.textContent = t('lang.toggle');
  toggle.lang = lang === 'zh' ? 'en' : 'zh-CN';
  toggle.setAttribute('aria-label', t('lang.toggleLabel'));
}

// ---------------------------------------------------------------------------
// Small DOM and formatting helpers

function byId(id) {
  return document.getElementById(id);
}

function setText(id, text) {
  const el = byId(id);
  if (el) el.textContent = text;
}

function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (attrs) for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Plain integer, no thousands separator (tests read these). */
function intText(value) {
  return isNumber(value) ? String(Math.round(value)) : DASH;
}

function percentText(ratio) {
  return isNumber(ratio) ? `${(ratio * 100).toFixed(1)}%` : DASH;
}

function oneDecimal(value) {
  return isNumber(value) ? value.toFixed(1) : DASH;
}

function widthOf(part, whole) {
  if (!isNumber(part) || !isNumber(whole) || whole <= 0) return '0%';
  return `${Math.max(0, Math.min(100, (part / whole) * 100)).toFixed(2)}%`;
}

function formatInstant(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(date);
}

/** Today's date in China time as YYYY-MM-DD. */
function chinaToday() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function stageOf(funnel, stage) {
  return funnel?.stages?.find((s) => s.stage === stage) ?? {};
}

// ---------------------------------------------------------------------------
// State

const state = {
  view: { asOf: null, knownAt: null }, // both null = live
  data: null, // last full analytics answer for the current view
  head: null, // headline figures: { funnel, position, lag, asOf, knownAt }; deltas update it
  liveSequence: null, // last live sequence the page holds
  streamSequence: null, // sequence of the last message on the stream (snapshot or delta)
  requestCounter: 0,
  renderedRequest: 0,
  streamConnected: false,
};

function isLive(view = state.view) {
  return !view.asOf && !view.knownAt;
}

function sameView(a, b) {
  return a.asOf === b.asOf && a.knownAt === b.knownAt;
}

function viewQuery(view) {
  const params = new URLSearchParams();
  if (view.asOf) params.set('asOf', view.asOf);
  if (view.knownAt) params.set('knownAt', view.knownAt);
  const query = params.toString();
  return query ? `?${query}` : '';
}

// ---------------------------------------------------------------------------
// API key

function takeKeyFromHash() {
  const match = /^#key=(.+)$/.exec(location.hash);
  if (!match) return;
  let value = match[1];
  try {
    value = decodeURIComponent(value);
  } catch {
    /* keep the raw value */
  }
  sessionStorage.setItem(KEY_STORE, value);
  history.replaceState(null, '', location.pathname + location.search);
}

function getKey() {
  return sessionStorage.getItem(KEY_STORE);
}

function forgetKey() {
  sessionStorage.removeItem(KEY_STORE);
}

function showKeyForm(messageKey = 'key.prompt') {
  const form = byId('key-form');
  if (!form.hidden) return; // already asking
  const message = byId('key-message');
  message.dataset.i18n = messageKey;
  message.textContent = t(messageKey);
  form.hidden = false;
  byId('key-input').focus();
}

function hideKeyForm() {
  byId('key-form').hidden = true;
}

function onKeySubmit(event) {
  event.preventDefault();
  const input = byId('key-input');
  const value = input.value.trim();
  input.value = '';
  if (!value) {
    input.focus();
    return;
  }
  sessionStorage.setItem(KEY_STORE, value);
  hideKeyForm();
  start();
}

// ---------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function problemFrom(response) {
  let detail = '';
  try {
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      const problem = await response.json();
      detail = problem.detail || problem.title || '';
    }
  } catch {
    /* body was not a problem document */
  }
  return new ApiError(detail || `${t('error.generic')} (HTTP ${response.status})`, response.status);
}

/** fetch() with the Authorization header; throws ApiError on non-2xx. */
async function apiFetch(path, options = {}) {
  const key = getKey();
  if (!key) throw new ApiError(t('key.prompt'), 401);
  let response;
  try {
    response = await fetch(path, {
      ...options,
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { ...(options.headers || {}), Authorization: `Bearer ${key}` },
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(t('error.network'), 0);
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
}

async function get(path) {
  const response = await apiFetch(path, { headers: { Accept: 'application/json' } });
  return response.json();
}

function showError(message) {
  const banner = byId('error');
  banner.textContent = message;
  banner.hidden = false;
}

function hideError() {
  const banner = byId('error');
  banner.hidden = true;
  banner.textContent = '';
}

function handleError(err) {
  if (!err || err.name === 'AbortError') return;
  if (err.status === 401) {
    const hadKey = Boolean(getKey());
    forgetKey();
    stopStream();
    showKeyForm(hadKey ? 'key.invalid' : 'key.prompt');
    return;
  }
  showError(err.message || t('error.generic'));
}

// ---------------------------------------------------------------------------
// Loading the current view

function headFrom(data, view) {
  return {
    funnel: data.funnel,
    position: data.position,
    lag: data.lag,
    asOf: data.asOf ?? view.asOf ?? null,
    knownAt: data.knownAt ?? view.knownAt ?? null,
  };
}

/**
 * Fetches the analytics for the current view and renders them.
 * force: accept the answer's sequence even if it is older than what the page holds (resync).
 * Returns 'ok', 'stale' (answer no longer wanted), 'unauthorized' or 'failed'.
 */
async function loadView({ force = false } = {}) {
  const view = { ...state.view };
  const id = ++state.requestCounter;
  document.body.setAttribute('aria-busy', 'true');
  try {
    const data = await get(API + viewQuery(view));
    if (!sameView(view, state.view) || id < state.renderedRequest) return 'stale';
    state.renderedRequest = id;
    hideError();
    acceptData(data, view, force);
    return 'ok';
  } catch (err) {
    if (!sameView(view, state.view)) return 'stale';
    handleError(err);
    return err.status === 401 ? 'unauthorized' : 'failed';
  } finally {
    if (id === state.requestCounter) document.body.removeAttribute('aria-busy');
  }
}

function acceptData(data, view, force) {
  state.data = data;
  if (isLive(view)) {
    const sequence = data.position?.sequence ?? 0;
    if (!force && state.liveSequence !== null && sequence < state.liveSequence) {
      // Older than the headline already shown from deltas: refresh only the details.
      renderDetails();
      return;
    }
    state.liveSequence = sequence;
  }
  state.head = headFrom(data, view);
  renderAll();
}

/** Loads the current view from scratch; for the live view, deltas are queued meanwhile. */
function reload() {
  cancelResync();
  if (isLive()) startResync();
  else loadView({ force: true });
}

function setView(view) {
  if (sameView(view, state.view)) return;
  state.view = view;
  renderViewControls();
  reload();
}

function onDateChosen() {
  const value = byId('as-of').value;
  if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return; // incomplete input
  setView(value ? { asOf: value, knownAt: state.view.knownAt } : { asOf: null, knownAt: null });
}

function goLive() {
  byId('as-of').value = '';
  setView({ asOf: null, knownAt: null });
}

function renderViewControls() {
  byId('as-of').value = state.view.asOf || '';
  byId('live').setAttribute('aria-pressed', String(isLive()));
}

// ---------------------------------------------------------------------------
// Throttle: at most one call per `ms`, trailing call guaranteed

function throttle(fn, ms) {
  let last = 0;
  let timer = null;
  return function throttled() {
    if (timer) return; // a trailing call is already due and will see the latest state
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      fn();
    } else {
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        fn();
      }, wait);
    }
  };
}

const scheduleRefresh = throttle(() => {
  if (isLive()) loadView();
}, REFRESH_MS);

// ---------------------------------------------------------------------------
// Live updates: snapshot / delta handling

// While a resync (or the first load of the live view) is under way, deltas are queued and
// replayed afterwards against the sequence the page then holds.
const resync = { token: 0, active: false, queued: [], timer: null };

function onSnapshot(data) {
  state.liveSequence = data.position?.sequence ?? 0;
  state.streamSequence = state.liveSequence;
  if (!isLive()) return;
  state.renderedRequest = ++state.requestCounter; // drop older in-flight fetches
  hideError();
  acceptData(data, { asOf: null, knownAt: null }, true);
  if (resync.active) finishResync();
}

function onDelta(delta) {
  // A gap is judged against the stream's own messages, never against a GET answer's
  // position (those move independently of the stream).
  const gap = state.streamSequence !== null && delta.previousSequence !== state.streamSequence;
  state.streamSequence = delta.sequence;
  if (!isLive()) {
    // Historical view: figures stay as they are; only remember where the live log is.
    state.liveSequence = delta.sequence;
    return;
  }
  if (resync.active) {
    if (resync.queued.length >= MAX_QUEUED_DELTAS) resync.queued.shift();
    resync.queued.push(delta);
    return;
  }
  applyDelta(delta, gap);
}

function applyDelta(delta, gap) {
  if (gap) {
    startResync(); // missed something
    return;
  }
  if (state.liveSequence !== null && delta.sequence <= state.liveSequence) return; // already shown
  state.liveSequence = delta.sequence;
  state.head = {
    ...(state.head || { asOf: null, knownAt: null }),
    funnel: delta.funnel,
    position: delta.position,
    lag: delta.lag,
  };
  renderHead();
  scheduleRefresh();
}

async function startResync() {
  if (resync.active || !isLive()) return;
  const token = ++resync.token;
  resync.active = true;
  resync.queued = [];
  const outcome = await loadView({ force: true });
  if (token !== resync.token) return; // finished by a snapshot, or cancelled
  if (outcome === 'unauthorized') {
    cancelResync();
  } else if (outcome === 'failed') {
    // Try again later; keep queueing deltas meanwhile (bounded). The retry's answer is
    // newer than anything queued so far, so the queue starts afresh then.
    resync.timer = setTimeout(() => {
      if (token !== resync.token) return;
      resync.active = false;
      startResync();
    }, REFRESH_MS);
  } else {
    finishResync();
  }
}

function finishResync() {
  const queued = resync.queued;
  cancelResync();
  for (const delta of queued) applyDelta(delta, false);
}

function cancelResync() {
  resync.token += 1;
  clearTimeout(resync.timer);
  resync.timer = null;
  resync.active = false;
  resync.queued = [];
}

// ---------------------------------------------------------------------------
// Server-Sent Events over fetch (EventSource cannot send the Authorization header)

function createSseParser(onEvent) {
  let buffer = '';
  return function push(text) {
    buffer += text;
    let tail = '';
    if (buffer.endsWith('\r')) {
      tail = '\r'; // may be the first half of \r\n
      buffer = buffer.slice(0, -1);
    }
    buffer = buffer.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseSseBlock(block);
      if (event) onEvent(event);
    }
    buffer += tail;
  };
}

function parseSseBlock(block) {
  let type = 'message';
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  return { type, id, data: data.join('\n') };
}

function dispatchStreamEvent(event) {
  if (event.type !== 'snapshot' && event.type !== 'delta') return;
  let payload;
  try {
    payload = JSON.parse(event.data);
  } catch {
    console.warn('Ignoring a malformed stream event of type', event.type);
    return;
  }
  try {
    if (event.type === 'snapshot') onSnapshot(payload);
    else onDelta(payload);
  } catch (err) {
    console.error('Could not apply a stream event', err);
  }
}

const stream = { generation: 0, controller: null, timer: null };

async function readStream(signal) {
  const response = await apiFetch(`${API}/stream`, {
    headers: { Accept: 'text/event-stream' },
    signal,
  });
  setStreamStatus(true);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const push = createSseParser(dispatchStreamEvent);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    push(decoder.decode(value, { stream: true }));
  }
  push(decoder.decode());
}

function startStream() {
  stopStream();
  if (!getKey()) return;
  const generation = ++stream.generation;
  const controller = new AbortController();
  stream.controller = controller;
  readStream(controller.signal)
    .then(() => null, (err) => err)
    .then((err) => {
      if (generation !== stream.generation) return; // stopped or replaced
      setStreamStatus(false);
      if (err && err.status === 401) {
        handleError(err);
        return;
      }
      stream.timer = setTimeout(() => {
        if (generation === stream.generation) startStream();
      }, RECONNECT_MS);
    });
}

function stopStream() {
  stream.generation += 1;
  clearTimeout(stream.timer);
  stream.timer = null;
  if (stream.controller) stream.controller.abort();
  stream.controller = null;
  setStreamStatus(false);
}

function setStreamStatus(connected) {
  if (state.streamConnected === connected) return;
  state.streamConnected = connected;
  if (state.head) renderFreshness();
}

// ---------------------------------------------------------------------------
// Rendering

function renderAll() {
  renderHead();
  renderDetails();
}

function renderHead() {
  if (!state.head) return;
  renderFunnel(state.head.funnel);
  renderFreshness();
  document.body.dataset.sequence = String(state.head.position?.sequence ?? 0);
  document.body.dataset.asOf = state.head.asOf || 'live';
}

function renderDetails() {
  const data = state.data;
  if (!data) return;
  for (const name of BREAKDOWNS) renderBreakdown(name, data.breakdowns?.[name]);
  renderTimeInStage(data.timeInStage);
  renderStalled(data.stalled);
  applyDefinitions(data.definitions);
}

function renderFunnel(funnel) {
  const max = Math.max(1, ...STAGES.map((s) => stageOf(funnel, s).reached ?? 0));
  for (const stage of STAGES) {
    const figures = stageOf(funnel, stage);
    setText(`reached-${stage}`, intText(figures.reached));
    setText(`current-${stage}`, intText(figures.current));
    setText(`drop-off-${stage}`, intText(figures.dropOff));
    byId(`bar-${stage}`).style.width = widthOf(figures.reached, max);
    byId(`bar-current-${stage}`).style.width = widthOf(figures.current, figures.reached);
  }
  setText('withdrawn', intText(funnel?.withdrawn));
  for (const name of CONVERSIONS) {
    setText(`conversion-${name}`, percentText(funnel?.conversion?.[name]));
  }
}

function renderFreshness() {
  const head = state.head;
  const box = byId('freshness');
  if (!head) {
    box.replaceChildren();
    return;
  }
  const live = !head.asOf && !head.knownAt;
  const position = head.position || {};
  const lag = head.lag || {};
  const applied = formatInstant(position.lastAppliedAt) ?? t('never');
  const lagging = (lag.events ?? 0) > 0 && (lag.seconds ?? 0) > 30;

  const parts = [
    el('span', { className: 'visually-hidden', text: `${t('freshness')}:` }),
    el('span', {
      className: live ? 'badge' : 'badge historical',
      text: live ? t('view.live') : t('view.asOf', { date: head.asOf ?? DASH }),
      attrs: { id: 'freshness-mode' },
    }),
  ];
  if (head.knownAt) {
    parts.push(el('span', { text: `${t('knownAt')} ${formatInstant(head.knownAt)}`, attrs: { id: 'freshness-known-at' } }));
  }
  parts.push(
    el('span', { text: `${t('position')} #${intText(position.sequence ?? 0)}`, attrs: { id: 'freshness-sequence' } }),
    el('span', { text: `${t('lastApplied')} ${applied}`, attrs: { id: 'freshness-applied' } }),
    el('span', {
      className: lagging ? 'lagging' : '',
      text: `${t('lag')} ${intText(lag.events ?? 0)} ${t('events')} / ${oneDecimal(lag.seconds ?? 0)} ${t('seconds')}`,
      attrs: { id: 'freshness-lag' },
    }),
  );
  if (isLive()) {
    parts.push(el('span', {
      className: state.streamConnected ? '' : 'stream-off',
      text: t(state.streamConnected ? 'stream.on' : 'stream.off'),
      attrs: { id: 'stream-status' },
    }));
  }
  box.replaceChildren(...parts);
}

function sortedRows(name, rows) {
  const copy = [...(rows || [])];
  if (name === 'cohort') {
    return copy.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  }
  return copy.sort((a, b) => {
    const diff = (stageOf(b.funnel, 'SOLICITED').reached ?? 0) - (stageOf(a.funnel, 'SOLICITED').reached ?? 0);
    return diff !== 0 ? diff : String(a.key).localeCompare(String(b.key), 'zh-CN');
  });
}

function emptyRow(columns) {
  return el('tr', {}, [el('td', { className: 'empty', text: t('noData'), attrs: { colspan: String(columns) } })]);
}

function breakdownBar(funnel, max) {
  const reached = (stage) => stageOf(funnel, stage).reached;
  const track = el('div', { className: 'mini-track', attrs: { 'aria-hidden': 'true' } }, [
    el('div', { className: 'mini-solicited' }),
    el('div', { className: 'mini-contracted' }),
    el('div', { className: 'mini-pre' }),
  ]);
  track.children[0].style.width = widthOf(reached('SOLICITED'), max);
  track.children[1].style.width = widthOf(reached('CONTRACTED'), max);
  track.children[2].style.width = widthOf(reached('PRE_ACCEPTANCE'), max);
  return track;
}

function breakdownRow(row, max) {
  const funnel = row.funnel || {};
  const cells = [el('th', { text: String(row.key ?? DASH), attrs: { scope: 'row' } })];
  for (const stage of STAGES) {
    cells.push(el('td', { className: 'n', text: intText(stageOf(funnel, stage).reached) }));
  }
  cells.push(el('td', { className: 'n', text: intText(funnel.withdrawn) }));
  cells.push(el('td', { className: 'n', text: percentText(funnel.conversion?.endToEnd) }));
  cells.push(el('td', { className: 'chart-col' }, [breakdownBar(funnel, max)]));
  return el('tr', {}, cells);
}

function renderBreakdown(name, rows) {
  const table = byId(`${name}-table`);
  if (!table) return;
  const sorted = sortedRows(name, rows);
  const max = Math.max(1, ...sorted.map((r) => stageOf(r.funnel, 'SOLICITED').reached ?? 0));
  const body = table.tBodies[0];
  body.replaceChildren(...(sorted.length ? sorted.map((r) => breakdownRow(r, max)) : [emptyRow(7)]));
}

function rangeBar(span, max) {
  const track = el('div', { className: 'mini-track', attrs: { 'aria-hidden': 'true' } }, [
    el('div', { className: 'range-p90' }),
    el('div', { className: 'range-p75' }),
    el('div', { className: 'range-median' }),
  ]);
  track.children[0].style.width = widthOf(span?.p90Days, max);
  track.children[1].style.width = widthOf(span?.p75Days, max);
  track.children[2].style.width = widthOf(span?.medianDays, max);
  return track;
}

function renderTimeInStage(timeInStage) {
  const table = byId('time-in-stage');
  const max = Math.max(1, ...SPANS.map((s) => timeInStage?.[s]?.p90Days ?? 0));
  const rows = SPANS.map((name) => {
    const span = timeInStage?.[name] || {};
    const cell = (suffix, text) => el('td', { className: 'n', text, attrs: { id: `tis-${name}-${suffix}` } });
    return el('tr', {}, [
      el('th', { text: t(`span.${name}`), attrs: { scope: 'row' } }),
      cell('count', intText(span.count)),
      cell('median', oneDecimal(span.medianDays)),
      cell('p75', oneDecimal(span.p75Days)),
      cell('p90', oneDecimal(span.p90Days)),
      el('td', { className: 'chart-col wide' }, [rangeBar(span, max)]),
    ]);
  });
  table.tBodies[0].replaceChildren(...rows);
}

function stalledSummary(stalled) {
  const total = stalled?.total ?? 0;
  const thresholds = Object.entries(stalled?.thresholdDays || {}).map(([stage, days]) =>
    t('stalled.threshold', { stage: t(`stage.${stage}`), days: intText(days) }));
  const sentences = [total > 0 ? t('stalled.total', { total: intText(total) }) : t('stalled.none')];
  if (thresholds.length) sentences.push(t('stalled.thresholds', { list: thresholds.join(t('listSeparator')) }));
  const shown = Math.min(STALLED_ROWS, stalled?.pilots?.length ?? 0);
  if (shown > 0 && shown < total) sentences.push(t('stalled.showing', { shown }));
  return lang === 'zh' ? `${sentences.join('；')}。` : `${sentences.join('; ')}.`;
}

function stalledRow(pilot) {
  const stageKey = `stage.${pilot.stage}`;
  const stageName = MESSAGES[lang][stageKey] ? t(stageKey) : String(pilot.stage ?? DASH);
  const waited = isNumber(pilot.daysWaiting) ? String(Math.floor(pilot.daysWaiting)) : DASH;
  const since = formatInstant(pilot.since);
  const daysCell = el('td', { className: 'n', text: waited });
  if (since) daysCell.title = since;
  return el('tr', {}, [
    el('th', { className: 'uscc', text: String(pilot.uscc ?? DASH), attrs: { scope: 'row' } }),
    el('td', { text: stageName }),
    daysCell,
    el('td', { text: String(pilot.provider ?? DASH) }),
    el('td', { text: String(pilot.district ?? DASH) }),
    el('td', { text: String(pilot.industry ?? DASH) }),
  ]);
}

function renderStalled(stalled) {
  setText('stalled-summary', stalledSummary(stalled));
  const pilots = (stalled?.pilots || []).slice(0, STALLED_ROWS);
  const body = byId('stalled-table').tBodies[0];
  body.replaceChildren(...(pilots.length ? pilots.map(stalledRow) : [emptyRow(6)]));
}

function applyDefinitions(definitions) {
  for (const node of document.querySelectorAll('[data-def]')) {
    const text = definitions?.[node.dataset.def];
    if (text) node.title = String(text);
    else node.removeAttribute('title');
  }
}

// ---------------------------------------------------------------------------
// Exports

async function exportFile(format) {
  const button = byId(`export-${format}`);
  const view = { ...state.view };
  const knownSuffix = view.knownAt ? `-known-${view.knownAt.replace(/[^0-9A-Za-z]/g, '')}` : '';
  const fileName = `pilot-funnel-${view.asOf || 'live'}${knownSuffix}.${format}`;
  button.disabled = true;
  try {
    const response = await apiFetch(`${API}/export.${format}${viewQuery(view)}`);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = el('a', { attrs: { href: url, download: fileName } });
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    if (err.status === 401) handleError(err);
    else showError(`${t('error.export')}: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------
// Start-up

function initialViewFromQuery() {
  const params = new URLSearchParams(location.search);
  const asOf = params.get('asOf');
  const knownAt = params.get('knownAt');
  return {
    asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null,
    knownAt: knownAt || null,
  };
}

function start() {
  if (!getKey()) {
    stopStream();
    showKeyForm('key.prompt');
    return;
  }
  hideKeyForm();
  hideError();
  reload();
  startStream();
}

function wireControls() {
  const asOf = byId('as-of');
  asOf.max = chinaToday();
  asOf.addEventListener('change', onDateChosen);
  asOf.addEventListener('input', onDateChosen);
  byId('live').addEventListener('click', goLive);
  byId('lang-toggle').addEventListener('click', toggleLanguage);
  byId('export-csv').addEventListener('click', () => exportFile('csv'));
  byId('export-xlsx').addEventListener('click', () => exportFile('xlsx'));
  byId('key-form').addEventListener('submit', onKeySubmit);
}

function main() {
  takeKeyFromHash();
  loadLanguage();
  applyStaticLabels();
  state.view = initialViewFromQuery();
  renderViewControls();
  wireControls();
  start();
}

main();
