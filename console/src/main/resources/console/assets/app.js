// meterwatch console: one page, hash routes (#/overview, #/cases, #/case/ID, #/enterprise/CODE,
// #/health, #/reports in reports.js), data from /api,
// live updates from /api/stream (server-sent events). No external resources.
'use strict';

const I18N = {
  zh: {
    overview: '总览', cases: '案件', logout: '退出', live: '实时', offline: '离线',
    open: '未结案件', overdue: '逾期', county: '区县', majorOrWorse: '重大及以上',
    feed: '案件动态', byDomain: '按领域', caseId: '案件', status: '状态', severity: '级别',
    rule: '规则', enterprise: '企业', subject: '排口/表计', parameter: '因子', count: '次数',
    due: '应办结', assignee: '承办人', text: '关键词', filter: '筛选', all: '全部',
    prev: '上一页', next: '下一页', of: '共', timeline: '时间线', evidence: '证据',
    window: '时段', value: '监测值', limit: '限值', multiple: '超标倍数', validCount: '有效分钟数',
    standard: '标准', detail: '说明', actions: '处置', ack: '签收', assign: '指派', comment: '备注',
    close: '结案', extend: '延期', outcome: '结论', months: '月数', sent: '已发送，等待案件管理器…',
    applied: '已处理', rejected: '被拒绝', noAnswer: '暂无回应（作业是否在运行？）', actor: '操作人',
    note: '说明', noCases: '没有案件', department: '部门', domain: '领域', opened: '立案',
    readOnly: '只读账户', lastEvent: '最近事件', chart: '小时均值与限值', conversion: '折算',
    raw: '实测浓度', o2: '实测含氧量', referenceO2: '基准含氧量', converted: '折算浓度', noValues: '无小时数据',
    EMISSION: '排放', LOAD_QUOTA: '总量', ENERGY_QUOTA: '能耗', DATA_QUALITY: '数据质量',
    health: '运行状态', industry: '行业', outlets: '排口', meters: '计量表', energyMeters: '能源计量表',
    productionMeters: '产量计量表', quotas: '能耗限额', limitsOn: '限值执行日', openCases: '未结案件',
    recentCases: '近期结案', last7d: '近7日小时均值与限值', override: '排口专用限值', medium: '介质',
    referenceO2Short: '基准氧', product: '产品', carrier: '能源品种', unit: '单位', noData: '无',
    bridges: '接入桥', job: '监测作业', deadLetters: '死信（按原因）', received: '接收', forwarded: '转发',
    rate: '速率', inFlight: '在途', lag: '消费积压', state: '状态', committed: '已提交偏移',
    endOffsets: '末端偏移', stateFrom: '来源', total: '合计', reason: '原因', polled: '采集时间',
    perSecond: '条/秒', notConfigured: '未配置', FLUE_GAS: '废气', WASTEWATER: '废水',
    OPEN: '待处理', ACKNOWLEDGED: '已签收', ASSIGNED: '已指派', RECOVERED: '已恢复', CLOSED: '已结案',
    INFO: '提示', WARNING: '一般', MAJOR: '重大', SEVERE: '严重', CLOSURE_PROPOSED: '建议关停',
    OPENED: '立案', UPDATED: '更新', ESCALATED: '升级', REOPENED: '重新打开', COMMENTED: '备注',
    OVERDUE: '逾期', EXTENDED: '延期', ACTION_REJECTED: '操作被拒',
    CONFIRMED_VIOLATION: '确认违法', FALSE_ALARM: '误报', DEVICE_FAULT: '设备故障', RECTIFIED: '已整改',
  },
  en: {
    overview: 'Overview', cases: 'Cases', logout: 'Log out', live: 'live', offline: 'offline',
    open: 'Open cases', overdue: 'Overdue', county: 'County', majorOrWorse: 'Major or worse',
    feed: 'Case events', byDomain: 'By domain', caseId: 'Case', status: 'Status', severity: 'Severity',
    rule: 'Rule', enterprise: 'Enterprise', subject: 'Outlet/meter', parameter: 'Parameter',
    count: 'Count', due: 'Due', assignee: 'Assignee', text: 'Text', filter: 'Filter', all: 'all',
    prev: 'Previous', next: 'Next', of: 'of', timeline: 'Timeline', evidence: 'Evidence',
    window: 'Window', value: 'Value', limit: 'Limit', multiple: 'Exceedance multiple',
    validCount: 'Valid minutes', standard: 'Standard', detail: 'Detail', actions: 'Actions',
    ack: 'Acknowledge', assign: 'Assign', comment: 'Comment', close: 'Close', extend: 'Extend',
    outcome: 'Outcome', months: 'Months', sent: 'Sent, waiting for the case manager…',
    applied: 'Applied', rejected: 'Rejected', noAnswer: 'No answer yet (is the job running?)',
    actor: 'Actor', note: 'Note', noCases: 'No cases', department: 'Department', domain: 'Domain',
    opened: 'Opened', readOnly: 'read-only account', lastEvent: 'Last event',
    chart: 'Hourly values against the limit', conversion: 'Reference-O2 conversion', raw: 'Measured',
    o2: 'Measured O2', referenceO2: 'Reference O2', converted: 'Converted', noValues: 'No hourly values',
    EMISSION: 'Emission', LOAD_QUOTA: 'Load quota', ENERGY_QUOTA: 'Energy quota', DATA_QUALITY: 'Data quality',
    health: 'Pipeline health', industry: 'Industry', outlets: 'Outlets', meters: 'Meters',
    energyMeters: 'Energy meters', productionMeters: 'Production meters', quotas: 'Energy quotas',
    limitsOn: 'Limits in force on', openCases: 'Open cases', recentCases: 'Recently closed',
    last7d: 'Last 7 days of hourly values against the limit', override: 'outlet override',
    medium: 'Medium', referenceO2Short: 'Ref. O2', product: 'Product', carrier: 'Carrier', unit: 'Unit',
    noData: 'none', bridges: 'Bridges', job: 'Monitoring job', deadLetters: 'Dead letters by reason',
    received: 'Received', forwarded: 'Forwarded', rate: 'Rate', inFlight: 'In flight', lag: 'Consumer lag',
    state: 'State', committed: 'Committed offsets', endOffsets: 'End offsets', stateFrom: 'From',
    total: 'Total', reason: 'Reason', polled: 'Polled', perSecond: '/s', notConfigured: 'not configured',
    FLUE_GAS: 'Flue gas', WASTEWATER: 'Wastewater',
  },
};

const state = {
  lang: localStorage.getItem('mw.lang') || 'zh',
  me: null,
  fresh: new Set(),      // case ids opened MAJOR/SEVERE while the page is open: highlighted
  pending: null,         // the action sent from a case page: {caseId, actor, time}
  result: null,          // what the case page says about the last action: {caseId, cls, text}
  casesQuery: {offset: 0, limit: 50},
  refreshTimer: null,
  redrawing: false,      // a redraw is under way: events meanwhile ask for one more after it
  redrawAgain: false,
  arrivals: 0,           // case events received on the stream so far
  recent: [],            // the latest of them, newest first: {n, e}
};

function t(key) {
  const d = I18N[state.lang];
  return (d && d[key]) || I18N.en[key] || key;
}

function esc(v) {
  return String(v == null ? '' : v).replace(/[&<>"']/g,
    (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function fmtTime(iso) {
  if (!iso) return '-';
  const f = new Intl.DateTimeFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: state.me.zone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hour12: false,
  });
  return f.format(new Date(iso));
}

function num(v, unit) {
  if (v == null) return '-';
  const n = Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString();
  return unit ? n + ' ' + unit : n;
}

async function api(path, opts) {
  const res = await fetch(path, Object.assign({credentials: 'same-origin'}, opts || {}));
  if (res.status === 401) { location.href = '/login'; throw new Error('401'); }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error || res.statusText), {status: res.status});
  return body;
}

function applyI18n() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.getElementById('lang').textContent = state.lang === 'zh' ? 'English' : '中文';
}

// ---- views ---------------------------------------------------------------------------

const FEED_ROWS = 50;

function eventKey(e) { return `${e.caseId}|${e.type}|${e.eventTime}|${e.actor || ''}`; }

function feedRow(e) {
  return `<li class="sev-${esc(e.severity)} ${state.fresh.has(e.caseId) ? 'flash' : ''}">
      <span class="time">${fmtTime(e.eventTime)}</span>
      <b>${esc(t(e.type))}</b>
      <a href="#/case/${encodeURIComponent(e.caseId)}">${esc(e.caseId)}</a>
      ${esc(e.county)} · ${esc(e.enterpriseName || e.enterprise)} · ${esc(e.subject)} ${esc(e.parameter)}
      <span class="badge sev-${esc(e.severity)}">${esc(t(e.severity))}</span></li>`;
}

function showingOverview() {
  return !location.hash || location.hash.startsWith('#/overview');
}

async function renderOverview() {
  // events that arrive while the overview is fetched are not in its answer yet: kept in the feed
  const mark = state.arrivals;
  const o = await api('/api/overview');
  const inAnswer = new Set(o.feed.map(eventKey));
  const later = state.recent.filter((a) => a.n > mark && !inAnswer.has(eventKey(a.e))).map((a) => a.e);
  const rows = o.counties.map((c) => `<tr data-county="${esc(c.county)}">
      <td><a href="#/cases?county=${encodeURIComponent(c.county)}">${esc(c.county)}</a></td>
      <td class="n">${c.open}</td><td class="n ${c.overdue ? 'bad' : ''}">${c.overdue}</td>
      <td class="n">${c.majorOrWorse}</td>
      <td>${Object.entries(c.byDomain).map(([d, n]) => `${esc(t(d))} ${n}`).join(' · ')}</td></tr>`).join('');
  const feed = later.concat(o.feed).slice(0, FEED_ROWS).map(feedRow).join('');
  view().innerHTML = `
    <section class="tiles">
      <div class="tile"><div class="big" id="open-count">${o.open}</div>${t('open')}</div>
      <div class="tile"><div class="big bad" id="overdue-count">${o.overdue}</div>${t('overdue')}</div>
    </section>
    <section><h2>${t('county')}</h2>
      <table id="county-table"><thead><tr><th>${t('county')}</th><th>${t('open')}</th>
      <th>${t('overdue')}</th><th>${t('majorOrWorse')}</th><th>${t('byDomain')}</th></tr></thead>
      <tbody>${rows}</tbody></table></section>
    <section><h2>${t('feed')}</h2><ul id="feed">${feed}</ul></section>`;
}

function queryFromHash() {
  const i = location.hash.indexOf('?');
  const p = new URLSearchParams(i < 0 ? '' : location.hash.substring(i + 1));
  const q = {offset: Number(p.get('offset') || 0), limit: 50};
  for (const k of ['county', 'rule', 'severity', 'status', 'enterprise', 'q']) if (p.get(k)) q[k] = p.get(k);
  return q;
}

function option(value, label, selected) {
  return `<option value="${esc(value)}" ${selected ? 'selected' : ''}>${esc(label)}</option>`;
}

async function renderCases() {
  const q = queryFromHash();
  const page = await api('/api/cases?' + new URLSearchParams(q));
  const sevs = ['INFO', 'WARNING', 'MAJOR', 'SEVERE', 'CLOSURE_PROPOSED'];
  const stats = ['OPEN', 'ACKNOWLEDGED', 'ASSIGNED', 'RECOVERED', 'CLOSED'];
  const rows = page.cases.map((c) => `<tr data-case-id="${esc(c.caseId)}" class="sev-${esc(c.severity)}
        ${c.overdue ? 'overdue' : ''} ${state.fresh.has(c.caseId) ? 'flash' : ''}">
      <td><a href="#/case/${encodeURIComponent(c.caseId)}">${esc(c.caseId)}</a></td>
      <td class="status">${esc(t(c.status))}</td>
      <td><span class="badge sev-${esc(c.severity)}">${esc(t(c.severity))}</span></td>
      <td>${esc(c.key && c.key.rule)}</td><td class="county">${esc(c.county)}</td>
      <td>${entLink(c.key && c.key.enterprise, c.enterpriseName || (c.key && c.key.enterprise))}</td>
      <td>${esc(c.key && c.key.subject)}</td><td>${esc(c.key && caseParameters(c))}</td>
      <td class="n">${c.count}</td>
      <td>${fmtTime(c.dueTime)}${c.overdue ? ' <b class="bad">!</b>' : ''}</td>
      <td>${esc(c.assignee || '')}</td></tr>`).join('');
  const countySel = state.me.county ? '' : `<label>${t('county')} <input name="county" value="${esc(q.county || '')}"></label>`;
  view().innerHTML = `
    <form id="filters" class="filters">
      ${countySel}
      <label>${t('rule')} <input name="rule" size="4" value="${esc(q.rule || '')}"></label>
      <label>${t('severity')} <select name="severity">${option('', t('all'))}${sevs.map((s) => option(s, t(s), q.severity === s)).join('')}</select></label>
      <label>${t('status')} <select name="status">${option('', t('all'))}${stats.map((s) => option(s, t(s), q.status === s)).join('')}</select></label>
      <label>${t('enterprise')} <input name="enterprise" value="${esc(q.enterprise || '')}"></label>
      <label>${t('text')} <input name="q" value="${esc(q.q || '')}"></label>
      <button type="submit">${t('filter')}</button>
    </form>
    <table id="case-table"><thead><tr><th>${t('caseId')}</th><th>${t('status')}</th><th>${t('severity')}</th>
      <th>${t('rule')}</th><th>${t('county')}</th><th>${t('enterprise')}</th><th>${t('subject')}</th>
      <th>${t('parameter')}</th><th>${t('count')}</th><th>${t('due')} (${esc(state.me.zone)})</th><th>${t('assignee')}</th></tr></thead>
      <tbody>${rows || `<tr><td colspan="11">${t('noCases')}</td></tr>`}</tbody></table>
    <p class="pager"><button id="prev" ${q.offset === 0 ? 'disabled' : ''}>${t('prev')}</button>
      <span id="page-info">${page.total ? q.offset + 1 : 0}–${q.offset + page.cases.length} ${t('of')} <b id="total">${page.total}</b></span>
      <button id="next" ${q.offset + page.cases.length >= page.total ? 'disabled' : ''}>${t('next')}</button></p>`;
  const go = (offset) => {
    const f = new FormData(document.getElementById('filters'));
    const p = new URLSearchParams();
    for (const [k, v] of f.entries()) if (v) p.set(k, v);
    if (offset) p.set('offset', offset);
    location.hash = '#/cases?' + p;
  };
  document.getElementById('filters').onsubmit = (ev) => { ev.preventDefault(); go(0); };
  document.getElementById('prev').onclick = () => go(Math.max(0, q.offset - q.limit));
  document.getElementById('next').onclick = () => go(q.offset + q.limit);
}

// A data-verification case covers every parameter one outlet incident affects: its key's parameter
// is '-' and the record lists the parameters.
function caseParameters(c) {
  return c.key.parameter !== '-' ? c.key.parameter : ((c.parameters || []).join(',') || '-');
}

function chartParameter(c) {
  return c.key.parameter !== '-' ? c.key.parameter : (c.parameters || [])[0];
}

async function renderCase(id) {
  const d = await api('/api/cases/' + encodeURIComponent(id));
  const c = d.case;
  const ev = c.worst || {};
  const timeline = d.timeline.map((e) => `<li class="${e.type === 'ACTION_REJECTED' ? 'bad' : ''}">
      <span class="time">${fmtTime(e.eventTime)}</span> <b>${esc(t(e.type))}</b>
      ${e.actor ? esc(t('actor')) + ' ' + esc(e.actor) : ''} ${e.note ? '· ' + esc(t(e.note)) : ''}
      ${e.evidence && e.evidence.value != null ? '· ' + num(e.evidence.value, e.evidence.unit) : ''}</li>`).join('');
  const outcomes = ['CONFIRMED_VIOLATION', 'FALSE_ALARM', 'DEVICE_FAULT', 'RECTIFIED'];
  const actions = d.canAct && c.status !== 'CLOSED' ? `
    <section id="actions"><h2>${t('actions')}</h2>
      <button id="act-ack" ${c.status !== 'OPEN' ? 'disabled' : ''}>${t('ack')}</button>
      <span class="group"><input id="assign-to" placeholder="${t('assignee')}"><button id="act-assign">${t('assign')}</button></span>
      <span class="group"><input id="comment-text" placeholder="${t('comment')}"><button id="act-comment">${t('comment')}</button></span>
      <span class="group"><select id="close-outcome">${outcomes.map((o) => option(o, t(o))).join('')}</select><button id="act-close">${t('close')}</button></span>
      ${c.domain === 'ENERGY_QUOTA' ? `<span class="group"><select id="extend-months">${[1, 2, 3].map((m) => option(m, m)).join('')}</select><button id="act-extend">${t('extend')}</button></span>` : ''}
      <p id="action-result"></p></section>` : `<p class="muted">${d.canAct ? '' : t('readOnly')}</p>`;
  view().innerHTML = `
    <h1>${esc(c.caseId)} <span id="case-status" class="status">${esc(t(c.status))}</span>
      <span class="badge sev-${esc(c.severity)}">${esc(t(c.severity))}</span>
      ${c.overdue ? `<span class="badge bad">${t('overdue')}</span>` : ''}</h1>
    <dl class="facts">
      <dt>${t('enterprise')}</dt><dd>${entLink(c.key.enterprise, (c.enterpriseName || '') + ' ' + c.key.enterprise)}</dd>
      <dt>${t('county')}</dt><dd>${esc(c.county)}</dd>
      <dt>${t('subject')}</dt><dd>${esc(c.key.subject)}</dd>
      <dt>${t('rule')} · ${t('parameter')}</dt><dd>${esc(c.key.rule)} · ${esc(caseParameters(c))}</dd>
      <dt>${t('domain')}</dt><dd>${esc(t(c.domain))}</dd>
      <dt>${t('opened')}</dt><dd>${fmtTime(c.openedAt)}</dd>
      <dt>${t('due')}</dt><dd>${fmtTime(c.dueTime)} (${esc(state.me.zone)})</dd>
      <dt>${t('assignee')}</dt><dd id="case-assignee">${esc(c.assignee || '-')}</dd>
      <dt>${t('count')}</dt><dd>${c.count}</dd>
    </dl>
    <section id="evidence"><h2>${t('evidence')}</h2>
      <dl class="facts">
        <dt>${t('window')}</dt><dd>${fmtTime(ev.windowStart)} – ${fmtTime(ev.windowEnd)}</dd>
        <dt>${t('value')}</dt><dd id="evidence-value">${num(ev.value, ev.unit)}</dd>
        <dt>${t('limit')}</dt><dd id="evidence-limit">${num(ev.limit, ev.unit)}</dd>
        <dt>${t('multiple')}</dt><dd>${num(ev.multiple)}</dd>
        <dt>${t('validCount')}</dt><dd>${ev.validCount == null ? '-' : ev.validCount}</dd>
        <dt>${t('standard')}</dt><dd>${esc(ev.standard || '-')}</dd>
        <dt>${t('detail')}</dt><dd id="evidence-detail">${esc(ev.detail || '-')}</dd>
      </dl></section>
    ${state.me.charts && chartParameter(c) ? `<section id="chart-section"><h2>${t('chart')}
      (${esc(c.key.subject)} ${esc(chartParameter(c))})</h2><div id="chart"></div>
      <h2>${t('conversion')}</h2><dl class="facts" id="conversion"></dl></section>` : ''}
    ${actions}
    <section><h2>${t('timeline')}</h2><ol id="timeline">${timeline}</ol></section>`;
  if (d.canAct && c.status !== 'CLOSED') wireActions(c);
  showResult();
  if (state.me.charts && chartParameter(c) && ev.windowStart) await drawChart(c, ev);
}

const DAY = 24 * 3600 * 1000;

function entLink(code, label) {
  if (!code || !state.me.enterprises) return esc(label);
  return `<a class="ent" href="#/enterprise/${encodeURIComponent(code)}">${esc(label)}</a>`;
}

function caseRows(cases) {
  return cases.map((c) => `<tr data-case-id="${esc(c.caseId)}" class="${c.overdue ? 'overdue' : ''}">
      <td><a href="#/case/${encodeURIComponent(c.caseId)}">${esc(c.caseId)}</a></td>
      <td class="status">${esc(t(c.status))}</td>
      <td><span class="badge sev-${esc(c.severity)}">${esc(t(c.severity))}</span></td>
      <td>${esc(c.key && c.key.rule)}</td><td>${esc(c.key && c.key.subject)}</td>
      <td>${esc(c.key && caseParameters(c))}</td>
      <td>${fmtTime(c.status === 'CLOSED' ? c.lastTime : c.dueTime)}${c.overdue ? ' <b class="bad">!</b>' : ''}</td></tr>`).join('')
    || `<tr><td colspan="7">${t('noCases')}</td></tr>`;
}

async function renderEnterprise(code) {
  const e = await api('/api/enterprises/' + encodeURIComponent(code));
  const name = state.lang === 'en' && e.nameEn ? e.nameEn : e.name;
  const county = (state.lang === 'en' ? e.countyEn : e.countyZh) || e.county;
  const outlets = e.outlets.map((o) => `<tr data-outlet="${esc(o.id)}">
      <td>${esc(o.id)}</td><td>${esc(o.name)}</td><td>${esc(t(o.medium))}</td><td>${esc(o.mn)}</td>
      <td>${esc(o.standard)}</td><td>${o.referenceO2 == null ? '-' : num(o.referenceO2, '%')}</td>
      <td class="limits">${o.parameters.map((p) => `<span class="limit" data-parameter="${esc(p.code)}">${esc(state.lang === 'zh' ? p.nameZh : p.name)} ${p.limit == null ? '-' : num(p.limit, p.unit)}${p.override ? ' (' + t('override') + ')' : ''}</span>`).join(' · ')}</td></tr>`).join('');
  const meters = [...e.energyMeters.map((m) => ['energy', m]), ...e.productionMeters.map((m) => ['production', m])]
    .map(([k, m]) => `<tr data-meter="${esc(m.mn)}"><td>${esc(m.mn)}</td><td>${k === 'energy' ? t('carrier') : t('product')}</td><td>${esc(m.what)}</td><td>${esc(m.unit)}</td></tr>`).join('');
  const quotas = e.energyQuotas.map((q) => `<tr data-product="${esc(q.product)}"><td>${esc(q.product)}</td>
      <td>${esc(q.standard)}</td><td>${esc(q.indicator || '')}</td><td class="n">${q.limit == null ? '-' : num(q.limit, q.unit)}</td></tr>`).join('');
  const charts = state.me.charts ? e.outlets.flatMap((o) => o.parameters.map((p) =>
    `<h3>${esc(o.id)} · ${esc(state.lang === 'zh' ? p.nameZh : p.name)}</h3>
     <div class="mini-chart" id="chart-${esc(o.id)}-${esc(p.code)}"></div>`)).join('') : '';
  const caseHead = (last) => `<thead><tr><th>${t('caseId')}</th><th>${t('status')}</th><th>${t('severity')}</th><th>${t('rule')}</th>
      <th>${t('subject')}</th><th>${t('parameter')}</th><th>${t(last)} (${esc(state.me.zone)})</th></tr></thead>`;
  view().innerHTML = `
    <h1 id="enterprise-name">${esc(name)}</h1>
    <dl class="facts">
      <dt>${t('enterprise')}</dt><dd id="enterprise-code">${esc(e.creditCode)}</dd>
      <dt>${t('county')}</dt><dd id="enterprise-county">${esc(county)}</dd>
      <dt>${t('industry')}</dt><dd>${esc(e.industry || '-')}</dd>
      <dt>${t('limitsOn')}</dt><dd id="limits-on">${esc(e.limitsOn)}</dd>
    </dl>
    <section><h2>${t('outlets')}</h2><table id="outlet-table"><thead><tr><th>${t('subject')}</th><th></th>
      <th>${t('medium')}</th><th>MN</th><th>${t('standard')}</th><th>${t('referenceO2Short')}</th><th>${t('limit')}</th></tr></thead>
      <tbody>${outlets || `<tr><td colspan="7">${t('noData')}</td></tr>`}</tbody></table></section>
    ${meters ? `<section><h2>${t('meters')}</h2><table id="meter-table"><thead><tr><th>MN</th><th></th><th></th><th>${t('unit')}</th></tr></thead><tbody>${meters}</tbody></table></section>` : ''}
    ${quotas ? `<section><h2>${t('quotas')}</h2><table id="quota-table"><thead><tr><th>${t('product')}</th><th>${t('standard')}</th><th></th><th>${t('limit')}</th></tr></thead><tbody>${quotas}</tbody></table></section>` : ''}
    <section><h2>${t('openCases')}</h2><table id="open-cases">${caseHead('due')}<tbody>${caseRows(e.openCases)}</tbody></table></section>
    <section><h2>${t('recentCases')}</h2><table id="recent-cases">${caseHead('CLOSED')}<tbody>${caseRows(e.recentCases)}</tbody></table></section>
    ${charts ? `<section id="enterprise-charts"><h2>${t('last7d')} (${fmtTime(e.valuesFrom)} – ${fmtTime(e.valuesTo)}, ${esc(state.me.zone)})</h2>${charts}</section>` : ''}`;
  if (!state.me.charts) return;
  let drawn = 0;
  for (const o of e.outlets) {
    for (const p of o.parameters) {
      const d = await api(`/api/outlets/${encodeURIComponent(o.id)}/values?` +
        new URLSearchParams({parameter: p.code, from: e.valuesFrom, to: e.valuesTo}));
      const el = document.getElementById(`chart-${o.id}-${p.code}`);
      if (!el) return; // the view changed meanwhile
      el.dataset.hours = d.hours.length;
      if (!d.hours.length) { el.textContent = t('noValues'); el.className = 'mini-chart muted'; continue; }
      const unit = (d.hours.find((h) => h.unit) || {}).unit || p.unit || '';
      echarts.init(el).setOption({
        animation: false, tooltip: {trigger: 'axis'},
        grid: {left: 60, right: 110, top: 20, bottom: 30},
        xAxis: {type: 'time', axisLabel: {formatter: (v) => fmtTime(new Date(v).toISOString()).substring(5)}},
        yAxis: {type: 'value', name: unit},
        series: [{type: 'line', showSymbol: false,
          data: d.hours.map((h) => [h.time, h.converted != null ? h.converted : h.value]),
          markLine: p.limit == null ? undefined : {symbol: 'none', lineStyle: {color: '#b3261e', type: 'dashed'},
            label: {formatter: `${t('limit')} ${num(p.limit, unit)}`}, data: [{yAxis: p.limit}]}}],
      });
      drawn++;
    }
  }
  window.mwEnterpriseCharts = drawn;
}

async function renderHealth() {
  const h = await api('/api/health');
  const rate = (v) => (v == null ? '-' : v.toFixed(1) + ' ' + t('perSecond'));
  const bridges = h.bridges.map((b) => `<tr data-bridge="${esc(b.url)}">
      <td>${esc(b.url)}</td><td class="state state-${esc(b.state)}">${esc(b.state)}</td><td>${esc(b.mqtt || '-')}</td>
      <td class="n received">${b.received == null ? '-' : b.received}</td><td class="n forwarded">${b.forwarded == null ? '-' : b.forwarded}</td>
      <td class="n">${rate(b.receivedPerSecond)} / ${rate(b.forwardedPerSecond)}</td>
      <td class="n">${b.inFlight == null ? '-' : b.inFlight}</td>
      <td class="rejected">${Object.entries(b.rejected || {}).map(([r, n]) => `${esc(r)} ${n}`).join(' · ')}</td>
      <td>${esc(b.reason || '')}</td></tr>`).join('');
  const j = h.job;
  const job = j ? `<dl class="facts" id="job">
      <dt>${t('state')}</dt><dd id="job-state" class="state state-${esc(j.state)}">${esc(j.state)}</dd>
      <dt>${t('stateFrom')}</dt><dd>${esc(j.stateFrom)}</dd>
      <dt>${t('lag')}</dt><dd id="job-lag">${j.lag}</dd>
      <dt>${t('committed')} / ${t('endOffsets')}</dt><dd id="job-offsets">${j.committed} / ${j.endOffsets}</dd>
      <dd></dd><dd class="muted">${Object.entries(j.lagByPartition).map(([p, n]) => `#${esc(p)} ${n}`).join(' · ')}</dd>
    </dl>` : `<p class="bad" id="job-error">${esc(h.jobError)}</p>`;
  const dead = Object.entries(h.deadLetters).map(([r, n]) => `<tr data-reason="${esc(r)}"><td>${esc(r)}</td><td class="n">${n}</td></tr>`).join('');
  view().innerHTML = `
    <p class="muted">${t('polled')} ${fmtTime(h.time)} (${esc(state.me.zone)})</p>
    <section><h2>${t('bridges')}</h2><table id="bridge-table"><thead><tr><th></th><th>${t('state')}</th><th>MQTT</th>
      <th>${t('received')}</th><th>${t('forwarded')}</th><th>${t('rate')}</th><th>${t('inFlight')}</th><th>${t('deadLetters')}</th><th></th></tr></thead>
      <tbody>${bridges || `<tr><td colspan="9">${t('notConfigured')}</td></tr>`}</tbody></table></section>
    <section><h2>${t('job')}</h2>${job}</section>
    <section><h2>${t('deadLetters')} · ${esc(h.deadLetterTopic)}</h2><table id="dead-letters"><thead><tr><th>${t('reason')}</th><th>${t('count')}</th></tr></thead>
      <tbody>${dead}<tr class="total"><td>${t('total')}</td><td class="n" id="dead-total">${h.deadLettersTotal}</td></tr></tbody></table></section>`;
}

async function drawChart(c, ev) {
  // three days either side of the case's window
  const from = new Date(Date.parse(ev.windowStart) - 3 * DAY).toISOString();
  const to = new Date(Date.parse(ev.windowEnd || ev.windowStart) + 3 * DAY).toISOString();
  const d = await api(`/api/outlets/${encodeURIComponent(c.key.subject)}/values?` +
    new URLSearchParams({parameter: chartParameter(c), from, to}));
  const hours = d.hours;
  const el = document.getElementById('chart');
  if (!el) return;
  window.mwChartHours = hours.length;
  if (!hours.length) { el.textContent = t('noValues'); el.className = 'muted'; return; }
  const unit = hours.find((h) => h.unit) ? hours.find((h) => h.unit).unit : (ev.unit || '');
  const judged = (h) => (h.converted != null ? h.converted : h.value);
  const chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: {trigger: 'axis'},
    grid: {left: 60, right: 110, top: 30, bottom: 40},
    xAxis: {type: 'time', axisLabel: {formatter: (v) => fmtTime(new Date(v).toISOString()).substring(5)}},
    yAxis: {type: 'value', name: unit},
    series: [{
      name: t('converted'), type: 'line', showSymbol: false,
      data: hours.map((h) => [h.time, judged(h)]),
      // a case about several parameters holds the worst verdict's limit, not one of the charted
      // parameter's concentration, so it gets no limit line
      markLine: ev.limit == null || c.key.parameter === '-' ? undefined : {
        symbol: 'none', lineStyle: {color: '#b3261e', type: 'dashed'},
        label: {formatter: `${t('limit')} ${num(ev.limit, unit)}`},
        data: [{yAxis: ev.limit}],
      },
      markArea: {itemStyle: {color: 'rgba(255, 217, 102, 0.4)'},
        data: [[{xAxis: ev.windowStart}, {xAxis: ev.windowEnd || ev.windowStart}]]},
    }],
  });
  const h = hours.find((x) => x.time === ev.windowStart);
  const conv = document.getElementById('conversion');
  if (h && conv) {
    conv.innerHTML = `<dt>${t('raw')}</dt><dd id="conv-raw">${num(h.value, h.unit)}</dd>
      <dt>${t('o2')}</dt><dd id="conv-o2">${h.o2 == null ? '-' : num(h.o2, '%')}</dd>
      <dt>${t('referenceO2')}</dt><dd id="conv-ref">${h.referenceO2 == null ? '-' : num(h.referenceO2, '%')}</dd>
      <dt>${t('converted')}</dt><dd id="conv-converted">${num(h.converted, h.unit)}</dd>
      <dt>${t('validCount')}</dt><dd>${h.validCount == null ? '-' : h.validCount}</dd>
      <dt>${t('detail')}</dt><dd>${esc(h.flag || '')}</dd>`;
  }
}

function setResult(caseId, cls, text) {
  state.result = {caseId, cls, text};
  showResult();
}

function showResult() {
  // the case page is redrawn on every event: the action's outcome stays shown across redraws
  let out = document.getElementById('action-result');
  const r = state.result;
  if (!r || currentCaseId() !== r.caseId) return;
  if (!out) {
    out = document.createElement('p');
    out.id = 'action-result';
    view().appendChild(out);
  }
  out.className = r.cls;
  out.textContent = r.text;
}

function wireActions(c) {
  const send = async (body) => {
    try {
      const a = await api(`/api/cases/${encodeURIComponent(c.caseId)}/actions`, {
        method: 'POST', body: JSON.stringify(body),
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': state.me.csrf},
      });
      state.pending = {caseId: a.caseId, actor: a.actor, time: a.time};
      setResult(c.caseId, '', t('sent'));
      setTimeout(() => {
        if (state.pending && state.pending.time === a.time) setResult(c.caseId, 'bad', t('noAnswer'));
      }, 15000);
    } catch (e) {
      setResult(c.caseId, 'bad', e.message);
    }
  };
  const on = (id, f) => { const el = document.getElementById(id); if (el) el.onclick = f; };
  on('act-ack', () => send({type: 'ACK'}));
  on('act-assign', () => send({type: 'ASSIGN', assignee: document.getElementById('assign-to').value}));
  on('act-comment', () => send({type: 'COMMENT', comment: document.getElementById('comment-text').value}));
  on('act-close', () => send({type: 'CLOSE', outcome: document.getElementById('close-outcome').value}));
  on('act-extend', () => send({type: 'EXTEND', extendMonths: Number(document.getElementById('extend-months').value)}));
}

// ---- routing and live updates ------------------------------------------------------------

function view() { return document.getElementById('view'); }

async function route() {
  const h = location.hash || '#/overview';
  try {
    if (h.startsWith('#/case/')) await renderCase(decodeURIComponent(h.substring(7)));
    else if (h.startsWith('#/enterprise/')) await renderEnterprise(decodeURIComponent(h.substring(13)));
    else if (h.startsWith('#/health')) await renderHealth();
    else if (h.startsWith('#/cases')) await renderCases();
    else if (h.startsWith('#/reports')) await renderReports(); // reports.js
    else if (h.startsWith('#/registry')) await renderRegistry(); // registry.js
    else await renderOverview();
  } catch (e) {
    view().innerHTML = `<p class="bad" id="error">${esc(e.message)}</p>`;
  }
}

function currentCaseId() {
  return location.hash.startsWith('#/case/') ? decodeURIComponent(location.hash.substring(7)) : null;
}

function scheduleRefresh(e) {
  // A case page changes only with its own case's events, an enterprise page with its
  // enterprise's; the health page follows its own clock (healthTimer), not case events.
  const open = currentCaseId();
  if (open && e && e.caseId !== open) return;
  const h = location.hash;
  if (e && h.startsWith('#/enterprise/') && decodeURIComponent(h.substring(13)) !== e.enterprise) return;
  if (e && h.startsWith('#/health')) return;
  // Several events often arrive together (one transaction): one redraw for all of them, and never
  // two at once: events during a redraw ask for one more after it.
  if (state.refreshTimer) return;
  if (state.redrawing) { state.redrawAgain = true; return; }
  state.refreshTimer = setTimeout(function redraw() {
    // Do not redraw under somebody's typing: wait until the field loses focus.
    const a = document.activeElement;
    if (a && view().contains(a) && (a.tagName === 'INPUT' || a.tagName === 'SELECT')) {
      state.refreshTimer = setTimeout(redraw, 1000);
      return;
    }
    state.refreshTimer = null;
    state.redrawing = true;
    route().finally(() => {
      state.redrawing = false;
      if (state.redrawAgain) {
        state.redrawAgain = false;
        scheduleRefresh(null);
      }
    });
  }, 150);
}

function onCaseEvent(e) {
  if (e.type === 'OPENED' && (e.severity === 'MAJOR' || e.severity === 'SEVERE')) state.fresh.add(e.caseId);
  if (e.type === 'ESCALATED' && (e.severity === 'MAJOR' || e.severity === 'SEVERE')) state.fresh.add(e.caseId);
  state.arrivals++;
  state.recent.unshift({n: state.arrivals, e});
  if (state.recent.length > FEED_ROWS) state.recent.pop();
  // the live feed shows the event at once; the counts follow with the next (batched) redraw
  const feed = document.getElementById('feed');
  if (feed && showingOverview()) {
    feed.insertAdjacentHTML('afterbegin', feedRow(e));
    while (feed.children.length > FEED_ROWS) feed.lastElementChild.remove();
  }
  const p = state.pending;
  if (p && e.caseId === p.caseId && e.actor === p.actor && e.eventTime === p.time) {
    state.pending = null;
    const rejected = e.type === 'ACTION_REJECTED';
    setResult(e.caseId, rejected ? 'bad' : 'ok',
      rejected ? `${t('rejected')}: ${e.note || ''}` : `${t('applied')}: ${t(e.type)}`);
  }
  scheduleRefresh(e);
}

function connect() {
  const live = document.getElementById('live');
  const es = new EventSource('/api/stream');
  let wasOffline = false;
  es.onopen = () => {
    live.dataset.i18n = 'live'; live.className = 'live on'; live.textContent = t('live');
    // events pushed while the stream was down are not sent again: read the page anew
    if (wasOffline) { wasOffline = false; scheduleRefresh(null); }
  };
  es.onerror = () => {
    wasOffline = true;
    live.dataset.i18n = 'offline'; live.className = 'live'; live.textContent = t('offline');
  };
  es.addEventListener('case', (m) => onCaseEvent(JSON.parse(m.data)));
}

async function main() {
  state.me = await api('/api/me');
  document.getElementById('who').textContent = `${state.me.name} · ${state.me.role}`;
  document.getElementById('lang').onclick = () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('mw.lang', state.lang);
    applyI18n(); route();
  };
  document.getElementById('logout-form').onsubmit = async (ev) => {
    ev.preventDefault();
    await fetch('/logout', {method: 'POST', headers: {'X-CSRF-Token': state.me.csrf}});
    location.href = '/login';
  };
  applyI18n();
  window.addEventListener('hashchange', route);
  // the health sources are polled every 5 s by the console: redraw as often
  setInterval(() => { if (location.hash.startsWith('#/health')) scheduleRefresh(null); }, 5000);
  connect();
  await route();
}

main();
