// Pilot Tracker — leadership page.
// Plain ES2020 module: no framework, no build step, nothing fetched from outside this origin.
// Data values from the API are only ever written with textContent.
//
// The page knows no programme: the programmes, their stages, exits and attributes and every
// name shown for them come from GET /api/v1/programmes (the definitions), in both languages.

const API = '/api/v1/analytics';
const PROGRAMMES_API = '/api/v1/programmes';
const FUNNEL_API = '/api/v1/funnel';
const LETTER_API = '/api/v1/reports/letter';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Breakdowns every programme has, in this order; a programme's declared attributes follow. */
const BREAKDOWNS = ['district', 'industry', 'provider', 'cohort'];
const STALLED_ROWS = 50;
const REFRESH_MS = 2000;
const RECONNECT_MS = 2000;
const MAX_QUEUED_DELTAS = 1000;
const BAR_SHADES = 4;
const KEY_STORE = 'pilotKey';
const LANG_STORE = 'pilotLang';
const DASH = '—';

// ---------------------------------------------------------------------------
// i18n: the page's own words; every programme's, stage's and attribute's name is in its definition

const MESSAGES = {
  zh: {
    title: '{programme}进展',
    'title.none': '项目进展',
    'lang.toggle': 'English',
    'lang.toggleLabel': 'Switch to English',
    programme: '项目',
    asOf: '截至日期',
    live: '实时',
    exportCsv: '导出 CSV',
    exportXlsx: '导出 Excel',
    funnel: '{programme}漏斗',
    'funnel.none': '漏斗',
    filters: '筛选',
    'filter.all': '全部',
    'filter.true': '是',
    'filter.false': '否',
    'filter.active': '已筛选：{list}',
    'filter.pair': '{label}：{value}',
    'filter.oneAsOf': '过去日期的数字一次只能按一项筛选；现显示全部企业。',
    stage: '阶段',
    reached: '累计',
    current: '当前',
    dropOff: '流失',
    conversion: '转化率',
    endToEnd: '全流程转化率',
    'legend.reached': '累计到达',
    'legend.current': '当前在该阶段',
    breakdowns: '分项情况',
    'breakdown.note': '各阶段列为累计到达数；横条依次为{list}。',
    'breakdown.district': '按区',
    'breakdown.industry': '按行业',
    'breakdown.provider': '按服务商',
    'breakdown.cohort': '按批次（进入月份）',
    'breakdown.attribute': '按{label}',
    district: '区',
    industry: '行业',
    provider: '服务商',
    cohort: '批次（进入月份）',
    chart: '图示',
    timeInStage: '阶段耗时',
    span: '阶段',
    'span.name': '{from} → {to}',
    count: '数量',
    median: '中位数',
    p75: '75 分位',
    p90: '90 分位',
    medianDays: '中位数（天）',
    p75Days: '75 分位（天）',
    p90Days: '90 分位（天）',
    days: '天',
    stalled: '停滞企业',
    uscc: '统一社会信用代码',
    daysWaiting: '等待天数',
    'stalled.total': '共 {total} 家停滞企业',
    'stalled.thresholds': '判定标准：{list}',
    'stalled.threshold': '{stage}超过 {days} 天',
    'stalled.showing': '以下列出等待最久的 {shown} 家',
    'stalled.none': '当前没有停滞企业',
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
    'error.programmes': '无法读取项目定义',
    'report.toggle': '报告',
    'report.heading': '报告',
    'report.asOf': '截至 {date} 的数字',
    'report.today': '截至今日的数字（全部已知步骤）',
    'report.knownAt': '按 {instant} 前的记录',
    'report.note': '点击数字，可查看该数字所在的漏斗。',
    'report.downloadTxt': '下载文本（.txt）',
    'report.downloadDocx': '下载 Word（.docx）',
    'report.none': '没有可报告的段落',
    'report.figure': '{programme}：{stage}，{count}{filters}。点击在漏斗中查看',
    'report.filters': '（{list}）',
    'report.figures': '本段数字：',
    'count.reached': '累计到达',
    'count.current': '当前在该阶段',
    'error.report': '无法读取报告',
  },
  en: {
    title: '{programme} progress',
    'title.none': 'Programme progress',
    'lang.toggle': '中文',
    'lang.toggleLabel': '切换到中文',
    programme: 'Programme',
    asOf: 'As of',
    live: 'Live',
    exportCsv: 'Export CSV',
    exportXlsx: 'Export Excel',
    funnel: 'Funnel: {programme}',
    'funnel.none': 'Funnel',
    filters: 'Filters',
    'filter.all': 'All',
    'filter.true': 'yes',
    'filter.false': 'no',
    'filter.active': 'Filtered: {list}',
    'filter.pair': '{label}: {value}',
    'filter.oneAsOf': 'As of a past date, one filter at a time applies; every enterprise is shown.',
    stage: 'Stage',
    reached: 'Reached',
    current: 'Current',
    dropOff: 'Drop-off',
    conversion: 'Conversion',
    endToEnd: 'End-to-end conversion',
    'legend.reached': 'Reached',
    'legend.current': 'Currently in stage',
    breakdowns: 'Breakdowns',
    'breakdown.note': 'Stage columns show how many reached each stage; bars show {list}.',
    'breakdown.district': 'By district',
    'breakdown.industry': 'By industry',
    'breakdown.provider': 'By service provider',
    'breakdown.cohort': 'By cohort (month of entry)',
    'breakdown.attribute': 'By {label}',
    district: 'District',
    industry: 'Industry',
    provider: 'Provider',
    cohort: 'Cohort (month of entry)',
    chart: 'Chart',
    timeInStage: 'Time in stage',
    span: 'Span',
    'span.name': '{from} → {to}',
    count: 'Count',
    median: 'Median',
    p75: '75th percentile',
    p90: '90th percentile',
    medianDays: 'Median (days)',
    p75Days: 'P75 (days)',
    p90Days: 'P90 (days)',
    days: 'days',
    stalled: 'Stalled enterprises',
    uscc: 'USCC',
    daysWaiting: 'Days waiting',
    'stalled.total': '{total} stalled enterprises',
    'stalled.thresholds': 'thresholds: {list}',
    'stalled.threshold': '{stage} over {days} days',
    'stalled.showing': 'the {shown} waiting longest are listed',
    'stalled.none': 'No stalled enterprises',
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
    'error.programmes': 'Cannot read the programme definitions',
    'report.toggle': 'Report',
    'report.heading': 'Report',
    'report.asOf': 'Figures as of {date}',
    'report.today': 'Figures as of today (every step known)',
    'report.knownAt': 'as recorded by {instant}',
    'report.note': 'Click a figure to open the funnel it comes from.',
    'report.downloadTxt': 'Download text (.txt)',
    'report.downloadDocx': 'Download Word (.docx)',
    'report.none': 'No paragraph to report',
    'report.figure': '{programme}: {stage}, {count}{filters}. Click to open it in the funnel',
    'report.filters': ' ({list})',
    'report.figures': 'Figures of this paragraph: ',
    'count.reached': 'reached',
    'count.current': 'currently in it',
    'error.report': 'Cannot read the report',
  },
};

let lang = 'zh';

function t(key, params = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** A definition's name ({zh, en}) in the page's language. */
function nameIn(names) {
  if (!names || typeof names !== 'object') return '';
  return String(names[lang] ?? names.zh ?? names.en ?? '');
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
  buildProgrammeControls();
  buildStructure();
  renderAll();
  loadReport();
}

function applyStaticLabels() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  const toggle = byId('lang-toggle');
  toggle.textContent = t('lang.toggle');
  toggle.lang = lang === 'zh' ? 'en' : 'zh-CN';
  toggle.setAttribute('aria-label', t('lang.toggleLabel'));
  applyProgrammeTitles();
}

function applyProgrammeTitles() {
  const programme = state.programme;
  const title = programme ? t('title', { programme: nameIn(programme.name) }) : t('title.none');
  document.title = title;
  setText('title', title);
  setText('funnel-heading', programme ? t('funnel', { programme: nameIn(programme.name) }) : t('funnel.none'));
}

// ---------------------------------------------------------------------------
// Small DOM and formatting helpers

function byId(id) {
  return document.getElementById(id);
}

function setText(id, text) {
  const node = byId(id);
  if (node) node.textContent = text;
}

function setWidth(id, width) {
  const node = byId(id);
  if (node) node.style.width = width;
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

// ---------------------------------------------------------------------------
// The programme: everything about stages is read from its definition

/** LITTLE_GIANT → littleGiant: how the API names a stage inside a key. */
function camel(stage) {
  return String(stage).toLowerCase().replace(/_([a-z0-9])/g, (match, letter) => letter.toUpperCase());
}

function pascal(stage) {
  const name = camel(stage);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The ordered stages of the current programme, by their values. */
function funnelStages() {
  return (state.programme?.stages || []).map((s) => s.stage);
}

function exitDefinitions() {
  return state.programme?.exits || [];
}

function attributeDefinitions() {
  return state.programme?.attributes || [];
}

/** The consecutive pairs of stages: conversion and time in stage are given for each. */
function steps() {
  const stages = funnelStages();
  return stages.slice(1).map((to, index) => {
    const from = stages[index];
    return { from, to, key: `${camel(from)}To${pascal(to)}` };
  });
}

function stageName(stage, programme = state.programme) {
  const definition = [...(programme?.stages || []), ...(programme?.exits || [])].find((s) => s.stage === stage);
  return definition ? nameIn(definition.name) : String(stage ?? DASH);
}

function stageOf(funnel, stage) {
  return funnel?.stages?.find((s) => s.stage === stage) ?? {};
}

/**
 * How many enterprises are in an exit now: the answer's exits list (the funnel API), an
 * exit row among its stages, or the field named after the exit (as the analytics' funnel names it).
 */
function exitCount(funnel, stage) {
  const listed = funnel?.exits?.find((e) => e.stage === stage) ?? funnel?.stages?.find((s) => s.stage === stage);
  if (listed) return listed.current ?? listed.count ?? listed.reached;
  return funnel?.[camel(stage)];
}

function reachedIn(funnel, stage) {
  return stageOf(funnel, stage).reached;
}

/** Drop-off as the answer gives it, or reached here less reached at the next stage. */
function dropOffIn(funnel, stage) {
  const given = stageOf(funnel, stage).dropOff;
  if (given !== undefined) return given;
  const stages = funnelStages();
  const next = stages[stages.indexOf(stage) + 1];
  if (next === undefined) return null;
  const here = reachedIn(funnel, stage);
  const there = reachedIn(funnel, next);
  return isNumber(here) && isNumber(there) ? Math.max(0, here - there) : null;
}

function ratio(part, whole) {
  return isNumber(part) && isNumber(whole) && whole > 0 ? part / whole : null;
}

/** A conversion as the answer gives it (conversion.<from>To<To>, endToEnd), or from reached. */
function conversionIn(funnel, key) {
  const given = funnel?.conversion?.[key];
  if (given !== undefined) return given;
  const stages = funnelStages();
  if (key === 'endToEnd') {
    return ratio(reachedIn(funnel, stages[stages.length - 1]), reachedIn(funnel, stages[0]));
  }
  const step = steps().find((s) => s.key === key);
  return step ? ratio(reachedIn(funnel, step.to), reachedIn(funnel, step.from)) : null;
}

// ---------------------------------------------------------------------------
// State

const state = {
  programmes: [], // the definitions, as GET /api/v1/programmes lists them
  programme: null, // the definition shown
  // programme: its id; both asOf and knownAt null = live; filters: attribute → value;
  // report: the letter is shown instead of the funnel; highlight: the stage a figure of the
  // letter pointed at
  view: { programme: null, asOf: null, knownAt: null, filters: {}, report: false, highlight: null },
  report: null, // { key, letter }: the letter for the key (asOf, knownAt, language) shown
  reportCounter: 0,
  data: null, // last full analytics answer for the current view
  head: null, // headline figures: { funnel, position, lag, asOf, knownAt }; deltas update it
  filtered: null, // { key, funnel }: the funnel API's answer for the filters, live view only
  liveSequence: null, // last live sequence the page holds
  streamSequence: null, // sequence of the last message on the stream (snapshot or delta)
  requestCounter: 0,
  renderedRequest: 0,
  streamConnected: false,
};

function isLive(view = state.view) {
  return !view.asOf && !view.knownAt;
}

function filtersKey(filters) {
  return Object.keys(filters).sort().map((name) => `${name}=${filters[name]}`).join('&');
}

function hasFilters(view = state.view) {
  return Object.keys(view.filters).length > 0;
}

/** Filters take effect in the live view: the funnel API answers for now. */
function filtering(view = state.view) {
  return hasFilters(view) && isLive(view);
}

/**
 * As of a date, one filter takes effect: the analytics' breakdown by that attribute holds
 * its funnel (the funnel API answers only for now, and a breakdown is by one attribute).
 */
function historicalFilter(view = state.view) {
  const names = Object.keys(view.filters);
  return !isLive(view) && names.length === 1 ? { name: names[0], value: view.filters[names[0]] } : null;
}

function sameView(a, b) {
  return a.programme === b.programme && a.asOf === b.asOf && a.knownAt === b.knownAt
    && filtersKey(a.filters) === filtersKey(b.filters);
}

function viewParams(view, { filters = false } = {}) {
  const params = new URLSearchParams();
  if (view.programme) params.set('programme', view.programme);
  if (view.asOf) params.set('asOf', view.asOf);
  if (view.knownAt) params.set('knownAt', view.knownAt);
  if (filters) for (const name of Object.keys(view.filters).sort()) params.set(name, view.filters[name]);
  return params;
}

function viewQuery(view) {
  const query = viewParams(view).toString();
  return query ? `?${query}` : '';
}

function filteredFunnelPath(view) {
  const params = new URLSearchParams();
  params.set('programme', view.programme);
  for (const name of Object.keys(view.filters).sort()) params.set(name, view.filters[name]);
  return `${FUNNEL_API}?${params}`;
}

/** Keeps the view in the address, so that it can be linked: ?programme=…&asOf=…&<filter>=…. */
function writeAddress() {
  const params = viewParams(state.view, { filters: true });
  if (state.view.report) params.set('view', 'report');
  if (state.view.highlight) params.set('highlight', state.view.highlight);
  const query = params.toString();
  const address = location.pathname + (query ? `?${query}` : '');
  if (address !== location.pathname + location.search) history.replaceState(null, '', address);
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
 * Fetches the analytics for the current view (and, with filters in the live view, the
 * funnel API's figures for them) and renders them.
 * force: accept the answer's sequence even if it is older than what the page holds (resync).
 * Returns 'ok', 'stale' (answer no longer wanted), 'unauthorized' or 'failed'.
 */
async function loadView({ force = false } = {}) {
  const view = { ...state.view };
  if (!view.programme) return 'stale';
  const id = ++state.requestCounter;
  document.body.setAttribute('aria-busy', 'true');
  try {
    const [data, filtered] = await Promise.all([
      get(API + viewQuery(view)),
      filtering(view) ? get(filteredFunnelPath(view)) : Promise.resolve(null),
    ]);
    if (!sameView(view, state.view) || id < state.renderedRequest) return 'stale';
    state.renderedRequest = id;
    hideError();
    state.filtered = filtered ? { key: filteredFunnelPath(view), funnel: filtered } : null;
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
      // Older than the headline already shown from deltas: refresh only the details
      // (and the filtered funnel, which deltas do not carry).
      if (filtering(view)) renderFunnel();
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
  writeAddress();
  renderViewControls();
  reload();
  loadReport();
}

function onDateChosen() {
  const value = byId('as-of').value;
  if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return; // incomplete input
  setView(value
    ? { ...state.view, asOf: value }
    : { ...state.view, asOf: null, knownAt: null });
}

function goLive() {
  byId('as-of').value = '';
  setView({ ...state.view, asOf: null, knownAt: null });
}

function onFilterChosen(event) {
  const name = event.target.dataset.attribute;
  const filters = { ...state.view.filters };
  if (event.target.value) filters[name] = event.target.value;
  else delete filters[name];
  state.filtered = null;
  setView({ ...state.view, filters });
}

function onProgrammeChosen(event) {
  const programme = state.programmes.find((p) => p.id === event.target.value);
  if (!programme) return;
  state.view = { ...state.view, highlight: null }; // another programme's stages
  selectProgramme(programme, {});
}

/**
 * Shows another programme: its own stream, figures and filters. Nothing of the previous
 * programme's answers is kept.
 */
function selectProgramme(programme, filters) {
  stopStream();
  cancelResync();
  state.programme = programme;
  state.data = null;
  state.head = null;
  state.filtered = null;
  state.liveSequence = null;
  state.streamSequence = null;
  state.renderedRequest = ++state.requestCounter; // drop answers still on their way
  const declared = new Set(attributeDefinitions().map((a) => a.name));
  const kept = Object.fromEntries(Object.entries(filters).filter(([name]) => declared.has(name)));
  state.view = { ...state.view, programme: programme.id, filters: kept };
  document.body.dataset.programme = programme.id;
  writeAddress();
  applyProgrammeTitles();
  buildProgrammeControls();
  buildStructure();
  renderViewControls();
  renderAll();
  reload();
  startStream();
}

function renderViewControls() {
  byId('as-of').value = state.view.asOf || '';
  byId('live').setAttribute('aria-pressed', String(isLive()));
  byId('filters-note').hidden = isLive() || Object.keys(state.view.filters).length < 2;
  renderPage();
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
  acceptData(data, { ...state.view, asOf: null, knownAt: null }, true);
  if (resync.active) finishResync();
  if (filtering()) scheduleRefresh(); // the snapshot's funnel is the programme's whole funnel
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

async function readStream(signal, generation) {
  const query = new URLSearchParams({ programme: state.view.programme });
  const response = await apiFetch(`${API}/stream?${query}`, {
    headers: { Accept: 'text/event-stream' },
    signal,
  });
  setStreamStatus(true);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const push = createSseParser((event) => {
    if (generation === stream.generation) dispatchStreamEvent(event); // not another programme's
  });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    push(decoder.decode(value, { stream: true }));
  }
  push(decoder.decode());
}

function startStream() {
  stopStream();
  if (!getKey() || !state.view.programme) return;
  const generation = ++stream.generation;
  const controller = new AbortController();
  stream.controller = controller;
  readStream(controller.signal, generation)
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
// Building the page for a programme: its selector, filters, stages, exits

function buildProgrammeControls() {
  const select = byId('programme');
  select.replaceChildren(...state.programmes.map((programme) => el('option', {
    text: nameIn(programme.name),
    attrs: { value: programme.id },
  })));
  if (state.programme) select.value = state.programme.id;
  const filters = byId('filters');
  const fields = attributeDefinitions().map((attribute) => {
    const id = `filter-${attribute.name}`;
    const select = el('select', { attrs: { id, 'data-attribute': attribute.name } });
    select.addEventListener('change', onFilterChosen);
    return el('div', { className: 'field' }, [el('label', { text: nameIn(attribute.label), attrs: { for: id } }), select]);
  });
  filters.replaceChildren(
    el('span', { className: 'filters-label', text: t('filters') }),
    ...fields,
  );
  refreshFilterOptions();
  renderViewControls();
}

function attributeValueText(attribute, value) {
  if (attribute?.kind === 'BOOLEAN' && (value === 'true' || value === 'false')) return t(`filter.${value}`);
  return String(value);
}

/** The values a filter offers: yes and no for a boolean, else the groups the breakdown lists. */
function filterValues(attribute) {
  if (attribute.kind === 'BOOLEAN') return ['true', 'false'];
  const groups = state.data?.breakdowns?.[attribute.name] || [];
  return groups.map((group) => String(group.key)).filter((key) => key !== 'null')
    .sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

function refreshFilterOptions() {
  for (const attribute of attributeDefinitions()) {
    const select = byId(`filter-${attribute.name}`);
    if (!select) continue;
    const chosen = state.view.filters[attribute.name] ?? '';
    const values = filterValues(attribute);
    if (chosen && !values.includes(chosen)) values.push(chosen);
    const wanted = ['', ...values].join('\n');
    const shown = [...select.options].map((option) => option.value).join('\n');
    if (wanted !== shown || select.options[0]?.textContent !== t('filter.all')) {
      select.replaceChildren(
        el('option', { text: t('filter.all'), attrs: { value: '' } }),
        ...values.map((value) => el('option', { text: attributeValueText(attribute, value), attrs: { value } })),
      );
    }
    select.value = chosen;
  }
}

function stageBlock(stage) {
  const figure = (name, id, className) => el('div', { className: className ? `fig ${className}` : 'fig' }, [
    el('dt', { text: t(name), attrs: { 'data-i18n': name, 'data-def': name } }),
    el('dd', { className: 'num', text: DASH, attrs: { id } }),
  ]);
  const highlighted = state.view.highlight === stage;
  return el('div', { className: highlighted ? 'stage highlighted' : 'stage', attrs: { id: `stage-${stage}` } }, [
    el('div', { className: 'stage-name', text: stageName(stage), attrs: { id: `stage-name-${stage}` } }),
    el('div', { className: 'stage-bar-track', attrs: { 'aria-hidden': 'true' } }, [
      el('div', { className: 'stage-bar', attrs: { id: `bar-${stage}` } }, [
        el('div', { className: 'stage-bar-current', attrs: { id: `bar-current-${stage}` } }),
      ]),
    ]),
    el('dl', { className: 'stage-figures' }, [
      figure('reached', `reached-${stage}`, 'fig-reached'),
      figure('current', `current-${stage}`),
      figure('dropOff', `drop-off-${stage}`),
    ]),
  ]);
}

function stepBlock(step) {
  return el('div', { className: 'step' }, [
    el('span', { className: 'arrow', text: '↓', attrs: { 'aria-hidden': 'true' } }),
    el('span', { text: t('conversion'), attrs: { 'data-i18n': 'conversion', 'data-def': `conversion.${step.key}` } }),
    el('strong', { className: 'num', text: DASH, attrs: { id: `conversion-${step.key}` } }),
  ]);
}

function buildStructure() {
  const stages = funnelStages();
  const blocks = [];
  stages.forEach((stage, index) => {
    if (index > 0) blocks.push(stepBlock(steps()[index - 1]));
    blocks.push(stageBlock(stage));
  });
  byId('funnel-stages').replaceChildren(...blocks);

  const kpis = [el('div', { className: 'kpi' }, [
    el('div', { className: 'kpi-label', text: t('endToEnd'), attrs: { 'data-i18n': 'endToEnd', 'data-def': 'endToEnd' } }),
    el('div', { className: 'num kpi-value', text: DASH, attrs: { id: 'conversion-endToEnd' } }),
  ])];
  for (const exit of exitDefinitions()) {
    kpis.push(el('div', { className: 'kpi kpi-muted', attrs: { id: `kpi-${exit.stage}` } }, [
      el('div', { className: 'kpi-label', text: nameIn(exit.name), attrs: { 'data-def': camel(exit.stage) } }),
      el('div', { className: 'num kpi-value', text: DASH, attrs: { id: `exit-${exit.stage}` } }),
    ]));
  }
  byId('kpis').replaceChildren(...kpis);

  const names = stages.map((stage) => stageName(stage)).join(t('listSeparator'));
  setText('breakdown-note', t('breakdown.note', { list: names }));
  byId('breakdown-panels').replaceChildren();
  byId('time-in-stage').tBodies[0].replaceChildren();
  byId('stalled-table').tBodies[0].replaceChildren();
  setText('stalled-summary', '');
}

// ---------------------------------------------------------------------------
// Rendering

function renderAll() {
  renderHead();
  renderDetails();
}

function renderHead() {
  renderFunnel();
  if (!state.head) return;
  renderFreshness();
  document.body.dataset.sequence = String(state.head.position?.sequence ?? 0);
  document.body.dataset.asOf = state.head.asOf || 'live';
}

function renderDetails() {
  const data = state.data;
  if (!data) return;
  refreshFilterOptions();
  renderBreakdowns(data.breakdowns);
  renderTimeInStage(data.timeInStage);
  renderStalled(data.stalled);
  applyDefinitions(data.definitions);
}

/** The headline funnel: the programme's whole funnel, or the funnel API's for the filters. */
function shownFunnel() {
  const past = historicalFilter();
  if (past) {
    const group = (state.data?.breakdowns?.[past.name] || []).find((g) => String(g.key) === past.value);
    // no group: no enterprise with that value had reached the first stage by the date
    return group ? group.funnel : (state.data ? emptyFunnel() : null);
  }
  if (!filtering()) return state.head?.funnel;
  return state.filtered?.key === filteredFunnelPath(state.view) ? state.filtered.funnel : null;
}

function emptyFunnel() {
  return {
    stages: funnelStages().map((stage) => ({ stage, reached: 0, current: 0 })),
    exits: exitDefinitions().map((exit) => ({ stage: exit.stage, reached: 0, current: 0 })),
  };
}

function activeFiltersText() {
  const parts = attributeDefinitions()
    .filter((attribute) => attribute.name in state.view.filters)
    .map((attribute) => t('filter.pair', {
      label: nameIn(attribute.label),
      value: attributeValueText(attribute, state.view.filters[attribute.name]),
    }));
  return parts.length ? t('filter.active', { list: parts.join(t('listSeparator')) }) : '';
}

function renderFunnel() {
  const funnel = shownFunnel();
  const stages = funnelStages();
  const max = Math.max(1, ...stages.map((s) => reachedIn(funnel, s) ?? 0));
  for (const stage of stages) {
    const figures = stageOf(funnel, stage);
    setText(`reached-${stage}`, intText(figures.reached));
    setText(`current-${stage}`, intText(figures.current));
    setText(`drop-off-${stage}`, intText(dropOffIn(funnel, stage)));
    setWidth(`bar-${stage}`, widthOf(figures.reached, max));
    setWidth(`bar-current-${stage}`, widthOf(figures.current, figures.reached));
  }
  for (const exit of exitDefinitions()) setText(`exit-${exit.stage}`, intText(exitCount(funnel, exit.stage)));
  for (const step of steps()) setText(`conversion-${step.key}`, percentText(conversionIn(funnel, step.key)));
  setText('conversion-endToEnd', percentText(conversionIn(funnel, 'endToEnd')));
  const active = filtering() || historicalFilter() ? activeFiltersText() : '';
  setText('filter-active', active);
  byId('filter-active').hidden = !active;
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

/** The breakdowns to show: the usual four, then the declared attributes, then any other the answer has. */
function breakdownNames(breakdowns) {
  const names = [...BREAKDOWNS, ...attributeDefinitions().map((a) => a.name), ...Object.keys(breakdowns || {})];
  return [...new Set(names)].filter((name) => Array.isArray(breakdowns?.[name]));
}

function breakdownLabels(name) {
  if (BREAKDOWNS.includes(name)) return { caption: t(`breakdown.${name}`), column: t(name) };
  const attribute = attributeDefinitions().find((a) => a.name === name);
  const label = attribute ? nameIn(attribute.label) : name;
  return { caption: t('breakdown.attribute', { label }), column: label };
}

function firstReached(funnel) {
  return reachedIn(funnel, funnelStages()[0]) ?? 0;
}

function sortedRows(name, rows) {
  const copy = [...(rows || [])];
  if (name === 'cohort') {
    return copy.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  }
  return copy.sort((a, b) => {
    const diff = firstReached(b.funnel) - firstReached(a.funnel);
    return diff !== 0 ? diff : String(a.key).localeCompare(String(b.key), 'zh-CN');
  });
}

function emptyRow(columns) {
  return el('tr', {}, [el('td', { className: 'empty', text: t('noData'), attrs: { colspan: String(columns) } })]);
}

function breakdownBar(funnel, max) {
  const stages = funnelStages();
  const bars = stages.map((stage, index) => {
    const bar = el('div', { className: `mini-shade-${Math.min(index, BAR_SHADES - 1)}` });
    bar.style.width = widthOf(reachedIn(funnel, stage), max);
    return bar;
  });
  return el('div', { className: 'mini-track', attrs: { 'aria-hidden': 'true' } }, bars);
}

function breakdownRow(name, row, max) {
  const funnel = row.funnel || {};
  const attribute = attributeDefinitions().find((a) => a.name === name);
  const cells = [el('th', { text: row.key === null || row.key === undefined ? DASH : attributeValueText(attribute, row.key), attrs: { scope: 'row' } })];
  for (const stage of funnelStages()) {
    cells.push(el('td', { className: 'n', text: intText(reachedIn(funnel, stage)) }));
  }
  for (const exit of exitDefinitions()) {
    cells.push(el('td', { className: 'n', text: intText(exitCount(funnel, exit.stage)) }));
  }
  cells.push(el('td', { className: 'n', text: percentText(conversionIn(funnel, 'endToEnd')) }));
  cells.push(el('td', { className: 'chart-col' }, [breakdownBar(funnel, max)]));
  return el('tr', {}, cells);
}

function breakdownTable(name, rows) {
  const labels = breakdownLabels(name);
  const head = [el('th', { text: labels.column, attrs: { scope: 'col', ...(name === 'cohort' ? { 'data-def': 'cohort' } : {}) } })];
  for (const stage of funnelStages()) head.push(el('th', { className: 'n', text: stageName(stage), attrs: { scope: 'col' } }));
  for (const exit of exitDefinitions()) head.push(el('th', { className: 'n', text: nameIn(exit.name), attrs: { scope: 'col' } }));
  head.push(
    el('th', { className: 'n', text: t('endToEnd'), attrs: { scope: 'col', 'data-def': 'endToEnd' } }),
    el('th', { className: 'chart-col', attrs: { scope: 'col' } }, [el('span', { className: 'visually-hidden', text: t('chart') })]),
  );
  const sorted = sortedRows(name, rows);
  const max = Math.max(1, ...sorted.map((r) => firstReached(r.funnel)));
  const columns = head.length;
  return el('div', { className: 'panel' }, [
    el('table', { className: 'data', attrs: { id: `${name}-table` } }, [
      el('caption', { text: labels.caption }),
      el('thead', {}, [el('tr', {}, head)]),
      el('tbody', {}, sorted.length ? sorted.map((r) => breakdownRow(name, r, max)) : [emptyRow(columns)]),
    ]),
  ]);
}

function renderBreakdowns(breakdowns) {
  byId('breakdown-panels').replaceChildren(...breakdownNames(breakdowns).map((name) => breakdownTable(name, breakdowns[name])));
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
  const spans = steps();
  const max = Math.max(1, ...spans.map((s) => timeInStage?.[s.key]?.p90Days ?? 0));
  const rows = spans.map((step) => {
    const span = timeInStage?.[step.key] || {};
    const cell = (suffix, text) => el('td', { className: 'n', text, attrs: { id: `tis-${step.key}-${suffix}` } });
    return el('tr', {}, [
      el('th', { text: t('span.name', { from: stageName(step.from), to: stageName(step.to) }), attrs: { scope: 'row' } }),
      cell('count', intText(span.count)),
      cell('median', oneDecimal(span.medianDays)),
      cell('p75', oneDecimal(span.p75Days)),
      cell('p90', oneDecimal(span.p90Days)),
      el('td', { className: 'chart-col wide' }, [rangeBar(span, max)]),
    ]);
  });
  table.tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(6)]));
}

function stalledSummary(stalled) {
  const total = stalled?.total ?? 0;
  const thresholds = Object.entries(stalled?.thresholdDays || {}).map(([stage, days]) =>
    t('stalled.threshold', { stage: stageName(stage), days: intText(days) }));
  const sentences = [total > 0 ? t('stalled.total', { total: intText(total) }) : t('stalled.none')];
  if (thresholds.length) sentences.push(t('stalled.thresholds', { list: thresholds.join(t('listSeparator')) }));
  const shown = Math.min(STALLED_ROWS, stalled?.pilots?.length ?? 0);
  if (shown > 0 && shown < total) sentences.push(t('stalled.showing', { shown }));
  return lang === 'zh' ? `${sentences.join('；')}。` : `${sentences.join('; ')}.`;
}

function stalledRow(pilot) {
  const waited = isNumber(pilot.daysWaiting) ? String(Math.floor(pilot.daysWaiting)) : DASH;
  const since = formatInstant(pilot.since);
  const daysCell = el('td', { className: 'n', text: waited });
  if (since) daysCell.title = since;
  return el('tr', {}, [
    el('th', { className: 'uscc', text: String(pilot.uscc ?? DASH), attrs: { scope: 'row' } }),
    el('td', { text: stageName(pilot.stage) }),
    daysCell,
    el('td', { text: String(pilot.provider ?? DASH) }),
    el('td', { text: String(pilot.district ?? DASH) }),
    el('td', { text: String(pilot.industry ?? DASH) }),
  ]);
}

function renderStalled(stalled) {
  setText('stalled-summary', stalledSummary(stalled));
  // the API names the list "pilots" for every programme
  const listed = (stalled?.pilots || stalled?.enterprises || []).slice(0, STALLED_ROWS);
  const body = byId('stalled-table').tBodies[0];
  body.replaceChildren(...(listed.length ? listed.map(stalledRow) : [emptyRow(6)]));
}

function applyDefinitions(definitions) {
  for (const node of document.querySelectorAll('[data-def]')) {
    const text = definitions?.[node.dataset.def];
    if (text) node.title = String(text);
    else node.removeAttribute('title');
  }
}

// ---------------------------------------------------------------------------
// The report view: the office's letter for the view's date, each figure a way into its funnel

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

function renderPage() {
  const report = Boolean(state.view.report);
  byId('content').hidden = report;
  byId('report-view').hidden = !report;
  byId('report-toggle').setAttribute('aria-pressed', String(report));
  byId('export-csv').hidden = report; // the exports are the funnel's
  byId('export-xlsx').hidden = report;
  document.body.dataset.page = report ? 'report' : 'funnel';
}

function toggleReport() {
  state.view = { ...state.view, report: !state.view.report };
  writeAddress();
  renderPage();
  loadReport();
}

/** What the letter shown depends on: the date, the instant and the language. */
function reportKey(view = state.view) {
  return `${view.asOf ?? ''}|${view.knownAt ?? ''}|${lang}`;
}

function letterParams(view = state.view) {
  const params = new URLSearchParams();
  if (view.asOf) params.set('asOf', view.asOf);
  if (view.knownAt) params.set('knownAt', view.knownAt);
  params.set('lang', lang);
  return params;
}

/** Fetches the letter for the view and shows it; a letter for an earlier choice is dropped. */
async function loadReport() {
  if (!state.view.report || !getKey()) return;
  const key = reportKey();
  const id = ++state.reportCounter;
  if (state.report?.key === key) renderReport();
  else {
    delete document.body.dataset.reportAsOf;
    delete document.body.dataset.reportLang;
  }
  try {
    const letter = await get(`${LETTER_API}?${letterParams()}`);
    if (id !== state.reportCounter || key !== reportKey()) return;
    state.report = { key, letter };
    hideError();
    renderReport();
  } catch (err) {
    if (id !== state.reportCounter || err.name === 'AbortError') return;
    if (err.status === 401) handleError(err);
    else showError(`${t('error.report')}: ${err.message}`);
  }
}

function renderReport() {
  const letter = state.report?.letter;
  if (!letter) return;
  const stamp = [letter.asOf ? t('report.asOf', { date: letter.asOf }) : t('report.today')];
  if (letter.knownAt) stamp.push(t('report.knownAt', { instant: formatInstant(letter.knownAt) }));
  setText('report-stamp', stamp.join(t('listSeparator')));
  const paragraphs = Array.isArray(letter.paragraphs) ? letter.paragraphs : [];
  byId('report-paragraphs').replaceChildren(...(paragraphs.length
    ? paragraphs.map((paragraph) => reportParagraph(paragraph, letter))
    : [el('p', { className: 'empty', text: t('report.none') })]));
  document.body.dataset.reportAsOf = letter.asOf || 'live';
  document.body.dataset.reportLang = String(letter.lang ?? lang);
}

function reportParagraph(paragraph, letter) {
  const programme = state.programmes.find((p) => p.id === paragraph.programme);
  const id = String(paragraph.programme);
  const heading = el('h3', { className: 'report-section' }, [
    el('span', { className: 'report-section-number', text: String(paragraph.section ?? '') }),
    el('span', { text: programme ? nameIn(programme.name) : id }),
  ]);
  const text = el('p', {
    className: 'report-text',
    attrs: { id: `report-text-${id}`, lang: letter.lang === 'en' ? 'en' : 'zh-CN' },
  });
  const figures = Array.isArray(paragraph.figures) ? paragraph.figures : [];
  const pieces = placedFigures(paragraph, programme, letter);
  const children = [heading, text];
  if (pieces) {
    text.append(...pieces.map((piece) => (typeof piece === 'string' ? piece : figureButton(paragraph, piece, programme))));
  } else {
    // the text does not follow the definition the page holds (revised since it was read):
    // the paragraph as written, its figures after it
    text.textContent = String(paragraph.text ?? '');
    const links = figures.map((figure) => figureButton(paragraph, figure, programme));
    if (links.length) {
      children.push(el('p', { className: 'report-figures' }, [t('report.figures'),
        ...links.flatMap((link, index) => (index ? [t('listSeparator'), link] : [link]))]));
    }
  }
  return el('article', { className: 'report-paragraph', attrs: { id: `report-paragraph-${id}` } }, children);
}

/**
 * The paragraph's text cut into its written parts and its figures, by walking the
 * programme's template in the letter's language: each placeholder stands where the server
 * wrote its value, so a figure is found where it is, never by searching for its digits (a
 * 7 could be the month). Null when the text does not follow the template.
 */
function placedFigures(paragraph, programme, letter) {
  const template = programme?.report?.templates?.[letter.lang];
  const text = String(paragraph.text ?? '');
  const figures = Array.isArray(paragraph.figures) ? paragraph.figures : [];
  if (typeof template !== 'string') return null;
  const pieces = [];
  let at = 0;
  let next = 0;
  for (const part of template.split(/(\{[^{}]*\})/)) {
    if (!part) continue;
    let written = part;
    let figure = null;
    if (part === '{asOf}') {
      written = letterDate(letter.date, letter.lang);
    } else if (/^\{(reached|current|actors):/.test(part)) {
      figure = figures[next];
      next += 1;
      written = figure ? String(figure.value) : null;
    }
    if (written === null || !text.startsWith(written, at)) return null;
    pieces.push(figure ?? written);
    at += written.length;
  }
  return at === text.length && next === figures.length ? pieces : null;
}

/** The date as the letter writes it (Letter.date on the server): 2025年7月18日, 18 July 2025. */
function letterDate(date, language) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date ?? ''));
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  return language === 'zh' ? `${year}年${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]} ${year}`;
}

function figureFilters(figure) {
  const filters = figure?.filters && typeof figure.filters === 'object' ? figure.filters : {};
  return Object.fromEntries(Object.keys(filters).sort().map((name) => [name, String(filters[name])]));
}

function figureButton(paragraph, figure, programme) {
  const filters = figureFilters(figure);
  const filterText = Object.entries(filters).map(([name, value]) => {
    const attribute = (programme?.attributes || []).find((a) => a.name === name);
    return t('filter.pair', { label: attribute ? nameIn(attribute.label) : name, value: attributeValueText(attribute, value) });
  }).join(t('listSeparator'));
  const count = figure.count === 'current' ? 'current' : 'reached';
  const label = t('report.figure', {
    programme: programme ? nameIn(programme.name) : String(paragraph.programme),
    stage: stageName(figure.stage, programme),
    count: t(`count.${count}`),
    filters: filterText ? t('report.filters', { list: filterText }) : '',
  });
  const value = String(figure.value ?? DASH);
  const button = el('button', {
    className: 'report-figure num',
    text: value,
    attrs: {
      type: 'button',
      title: figure.query ? `${label}\n${figure.query}` : label,
      'aria-label': `${value}: ${label}`,
      'data-programme': String(paragraph.programme),
      'data-stage': String(figure.stage),
      'data-count': count,
      'data-filters': new URLSearchParams(filters).toString(),
    },
  });
  if (programme) button.addEventListener('click', () => openFigure(programme, figure));
  else button.disabled = true;
  return button;
}

/** The funnel a figure was read from: its programme, its filters, the letter's date, its stage marked. */
function openFigure(programme, figure) {
  state.view = { ...state.view, report: false, highlight: String(figure.stage) };
  selectProgramme(programme, figureFilters(figure)); // keeps the view's asOf and knownAt: the letter's
  window.scrollTo(0, 0);
}

async function downloadReport(format) {
  const button = byId(`report-${format}`);
  const view = { ...state.view };
  const knownSuffix = view.knownAt ? `-known-${view.knownAt.replace(/[^0-9A-Za-z]/g, '')}` : '';
  const fileName = `letter-${view.asOf || 'live'}${knownSuffix}-${lang}.${format}`;
  const path = format === 'docx' ? `${LETTER_API}.docx?${letterParams(view)}` : `${LETTER_API}?${letterParams(view)}`;
  button.disabled = true;
  try {
    const response = await apiFetch(path, { headers: { Accept: format === 'docx' ? DOCX_TYPE : 'text/plain' } });
    saveBlob(await response.blob(), fileName);
  } catch (err) {
    if (err.status === 401) handleError(err);
    else showError(`${t('error.export')}: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------
// Exports

function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { attrs: { href: url, download: fileName } });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exportFile(format) {
  const button = byId(`export-${format}`);
  const view = { ...state.view };
  if (!view.programme) return;
  const knownSuffix = view.knownAt ? `-known-${view.knownAt.replace(/[^0-9A-Za-z]/g, '')}` : '';
  const fileName = `${view.programme.replace(/[^0-9A-Za-z_-]/g, '')}-funnel-${view.asOf || 'live'}${knownSuffix}.${format}`;
  button.disabled = true;
  try {
    const response = await apiFetch(`${API}/export.${format}${viewQuery(view)}`);
    saveBlob(await response.blob(), fileName);
  } catch (err) {
    if (err.status === 401) handleError(err);
    else showError(`${t('error.export')}: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------
// Start-up

const VIEW_PARAMETERS = ['programme', 'asOf', 'knownAt', 'view', 'highlight'];

/** The view the address asks for; every other parameter is a filter (kept if the programme declares it). */
function initialViewFromQuery() {
  const params = new URLSearchParams(location.search);
  const asOf = params.get('asOf');
  const knownAt = params.get('knownAt');
  const filters = {};
  for (const [name, value] of params) {
    if (!VIEW_PARAMETERS.includes(name) && value) filters[name] = value;
  }
  return {
    programme: params.get('programme') || null,
    asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null,
    knownAt: knownAt || null,
    filters,
    report: params.get('view') === 'report',
    highlight: /^[A-Z][A-Z0-9_]{0,39}$/.test(params.get('highlight') ?? '') ? params.get('highlight') : null,
  };
}

function isDefinition(value) {
  return value && typeof value === 'object' && typeof value.id === 'string' && Array.isArray(value.stages)
    && value.stages.length > 0 && value.stages.every((s) => typeof s.stage === 'string');
}

const programmesRetry = { timer: null };

/** Reads the definitions once; on failure, says so and tries again. */
async function loadProgrammes() {
  clearTimeout(programmesRetry.timer);
  try {
    const answer = await get(PROGRAMMES_API);
    const list = (Array.isArray(answer) ? answer : answer?.programmes || []).filter(isDefinition);
    if (!list.length) throw new ApiError(t('error.programmes'), 0);
    state.programmes = list.map((p) => ({ ...p, exits: p.exits || [], attributes: p.attributes || [] }));
    return true;
  } catch (err) {
    handleError(err);
    if (err.status !== 401) {
      showError(`${t('error.programmes')}: ${err.message}`);
      programmesRetry.timer = setTimeout(start, REFRESH_MS);
    }
    return false;
  }
}

async function start() {
  if (!getKey()) {
    stopStream();
    showKeyForm('key.prompt');
    return;
  }
  hideKeyForm();
  hideError();
  if (!state.programmes.length && !(await loadProgrammes())) return;
  hideError();
  const wanted = state.programmes.find((p) => p.id === state.view.programme) ?? state.programmes[0];
  selectProgramme(wanted, state.view.filters);
  loadReport();
}

function wireControls() {
  const asOf = byId('as-of');
  asOf.max = chinaToday();
  asOf.addEventListener('change', onDateChosen);
  asOf.addEventListener('input', onDateChosen);
  byId('live').addEventListener('click', goLive);
  byId('programme').addEventListener('change', onProgrammeChosen);
  byId('lang-toggle').addEventListener('click', toggleLanguage);
  byId('export-csv').addEventListener('click', () => exportFile('csv'));
  byId('export-xlsx').addEventListener('click', () => exportFile('xlsx'));
  byId('report-toggle').addEventListener('click', toggleReport);
  byId('report-txt').addEventListener('click', () => downloadReport('txt'));
  byId('report-docx').addEventListener('click', () => downloadReport('docx'));
  byId('key-form').addEventListener('submit', onKeySubmit);
}

function main() {
  takeKeyFromHash();
  loadLanguage();
  state.view = initialViewFromQuery();
  applyStaticLabels();
  renderViewControls();
  wireControls();
  start();
}

main();
