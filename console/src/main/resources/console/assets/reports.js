// meterwatch console: the report pages (#/reports). The same reports as `meterwatch report`
// (docs/reports.md), built from the console's read model: viewed in the page from the JSON format,
// downloaded as CSV, XLSX, HTML (printable) or JSON with the bytes the command writes.
'use strict';

Object.assign(I18N.zh, {
  reports: '报表', report: '报表', period: '统计期间', year: '年度', asOf: '截至',
  rowsBy: '行', byCounty: '按县区', byDepartment: '按责任部门', pastDeadline: '仅逾期（拟关停）',
  show: '查看', print: '打印版', allCounties: '全部县区', noRows: '本期无记录', generatedAt: '生成时间',
  periodHint: '如 2025-03、2025-Q1、2025-H1、2025',
});
Object.assign(I18N.en, {
  reports: 'Reports', report: 'Report', period: 'Period', year: 'Year', asOf: 'As of',
  rowsBy: 'Rows', byCounty: 'by county', byDepartment: 'by department',
  pastDeadline: 'past deadline only (closure proposed)', show: 'Show', print: 'Printable',
  allCounties: 'all counties', noRows: 'No rows in this period', generatedAt: 'Generated',
  periodHint: 'e.g. 2025-03, 2025-Q1, 2025-H1, 2025',
});

// Which parameters each report takes (the flags of its meterwatch report subcommand).
const REPORT_PARAMS = {
  statistics: ['year', 'asOf', 'by', 'county'],
  rectification: ['asOf', 'pastDeadline', 'county'],
};
function reportParams(id) { return REPORT_PARAMS[id] || ['period', 'county']; }

function reportQuery() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.substring(i + 1));
}

// The API's query of a report request: only the parameters the report takes.
function reportApiQuery(q, format) {
  const p = new URLSearchParams();
  for (const k of reportParams(q.get('report'))) if (q.get(k)) p.set(k, q.get(k));
  p.set('format', format);
  return '/api/reports/' + encodeURIComponent(q.get('report')) + '?' + p;
}

function cell(v, type) {
  if (v == null) return '';
  if (type === 'DECIMAL') return Number(v).toFixed(2);
  return String(v);
}

function reportTable(r) {
  const cols = r.columns;
  const grouped = cols.some((c) => c.group);
  let head = '';
  if (grouped) {
    let top = '';
    const sub = [];
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      if (!c.group) { top += `<th rowspan="2">${esc(c.title)}</th>`; continue; }
      sub.push(`<th>${esc(c.title)}</th>`);
      if (i === 0 || cols[i - 1].group !== c.group) {
        let span = 1;
        while (i + span < cols.length && cols[i + span].group === c.group) span++;
        top += `<th colspan="${span}">${esc(c.group)}</th>`;
      }
    }
    head = `<tr>${top}</tr><tr>${sub.join('')}</tr>`;
  } else {
    head = `<tr>${cols.map((c) => `<th>${esc(c.title)}</th>`).join('')}</tr>`;
  }
  const body = r.rows.map((row) => `<tr>${cols.map((c) =>
    `<td class="${c.type === 'TEXT' ? '' : 'n'}" data-key="${esc(c.key)}">${esc(cell(row[c.key], c.type))}</td>`).join('')}</tr>`).join('');
  return `<table id="report-table"><thead>${head}</thead>
    <tbody>${body || `<tr><td colspan="${cols.length}" class="muted">${t('noRows')}</td></tr>`}</tbody></table>`;
}

async function renderReports() {
  const info = await api('/api/reports');
  const q = reportQuery();
  const id = q.get('report') || 'disclosure-exceeding';
  const has = (k) => reportParams(id).includes(k);
  const year = info.today.substring(0, 4);
  const countyOptions = info.county
    ? info.counties.map((c) => option(c.id, c.name, true)).join('')
    : option('', t('allCounties')) + info.counties.map((c) => option(c.id, c.name, q.get('county') === c.id)).join('');
  view().innerHTML = `
    <form id="report-form" class="filters">
      <label>${t('report')} <select name="report" id="report-kind">${info.reports.map((r) =>
        option(r.id, r.title, r.id === id)).join('')}</select></label>
      ${has('period') ? `<label>${t('period')} <input name="period" id="report-period" size="9"
        placeholder="${esc(t('periodHint'))}" value="${esc(q.get('period') || year)}"></label>` : ''}
      ${has('year') ? `<label>${t('year')} <input name="year" id="report-year" size="5"
        value="${esc(q.get('year') || year)}"></label>` : ''}
      ${has('asOf') ? `<label>${t('asOf')} <input name="asOf" id="report-as-of" type="date"
        value="${esc(q.get('asOf') || '')}"></label>` : ''}
      ${has('by') ? `<label>${t('rowsBy')} <select name="by" id="report-by">
        ${option('county', t('byCounty'), q.get('by') !== 'department')}
        ${option('department', t('byDepartment'), q.get('by') === 'department')}</select></label>` : ''}
      ${has('pastDeadline') ? `<label><input type="checkbox" name="pastDeadline" value="true"
        ${q.get('pastDeadline') === 'true' ? 'checked' : ''}> ${t('pastDeadline')}</label>` : ''}
      <label>${t('county')} <select name="county" id="report-county" ${info.county ? 'disabled' : ''}>
        ${countyOptions}</select></label>
      <button type="submit" id="report-show">${t('show')}</button>
    </form>
    <div id="report-view"></div>`;
  const form = document.getElementById('report-form');
  const go = () => {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) p.set(k, v);
    location.hash = '#/reports?' + p;
  };
  form.onsubmit = (ev) => { ev.preventDefault(); go(); };
  // another report takes other parameters: redraw the form for it
  document.getElementById('report-kind').onchange = () => {
    location.hash = '#/reports?report=' + encodeURIComponent(document.getElementById('report-kind').value);
  };
  if (!q.get('report')) return;
  const out = document.getElementById('report-view');
  try {
    const r = await api(reportApiQuery(q, 'json'));
    const links = info.formats.filter((f) => f !== 'json').map((f) =>
      `<a class="button" id="download-${f}" href="${reportApiQuery(q, f)}" ${f === 'html' ? 'target="_blank"' : ''}>
        ${f === 'html' ? t('print') : f.toUpperCase()}</a>`).join(' ');
    out.innerHTML = `
      <h1 id="report-title">${esc(r.title)}</h1>
      <p><span id="report-period-text">${t('period')}：${esc(r.period)}</span> ·
        ${t('generatedAt')} ${fmtTime(r.generatedAt)} (${esc(r.zone)}) ·
        <span id="report-rows">${r.rows.length}</span> · ${links}
        <a class="button" id="download-json" href="${reportApiQuery(q, 'json')}">JSON</a></p>
      ${reportTable(r)}
      <ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  } catch (e) {
    out.innerHTML = `<p class="bad" id="report-error">${esc(e.message)}</p>`;
  }
}
