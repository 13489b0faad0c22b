// meterwatch console: the registry page (#/registry), read-only. The version of the site registry
// in force (from the registry topic, docs/registry.md), every version published, and what changed
// between two versions (as `meterwatch registry diff @A @B`). Documents are never shown: they hold
// meter passwords.
'use strict';

Object.assign(I18N.zh, {
  registry: '名录', inForce: '现行版本', version: '版本', publishedBy: '发布人', publishedAt: '发布时间',
  regHistory: '历史版本', counties: '区县', enterprises: '企业',
  noVersion: '尚未发布版本：沿用启动时的名录', unreadable: '无法读取的记录', regState: '状态',
  regApplied: '已生效', compare: '比较', changes: '变更', noChanges: '无变更', size: '大小',
});
Object.assign(I18N.en, {
  registry: 'Registry', inForce: 'Version in force', version: 'Version', publishedBy: 'Published by',
  publishedAt: 'Published', regHistory: 'History', counties: 'Counties', enterprises: 'Enterprises',
  noVersion: 'No version published: the registry given at start is in force',
  unreadable: 'Unreadable records', regState: 'State', regApplied: 'applied', compare: 'Compare',
  changes: 'Changes', noChanges: 'No changes', size: 'Size',
});

async function renderRegistry() {
  const r = await api('/api/registry');
  const i = location.hash.indexOf('?');
  const q = new URLSearchParams(i < 0 ? '' : location.hash.substring(i + 1));
  const f = r.inForce;
  const numbers = [...new Set(r.versions.filter((v) => v.counties != null).map((v) => v.version))];
  const last = numbers.length ? numbers[numbers.length - 1] : '';
  const a = q.get('a') || (numbers.length > 1 ? numbers[numbers.length - 2] : last);
  const b = q.get('b') || last;
  const rows = r.versions.map((v) => `<tr data-version="${v.version}" class="${v.applied ? '' : 'muted'}">
      <td class="n">${v.version}</td><td>${fmtTime(v.publishedAt)}</td><td>${esc(v.publishedBy)}</td>
      <td><code>${esc(v.sha256.substring(0, 12))}</code></td><td class="n">${v.bytes}</td>
      <td class="n">${v.counties == null ? '' : v.counties}</td><td class="n">${v.enterprises == null ? '' : v.enterprises}</td>
      <td class="n">${v.meters == null ? '' : v.meters}</td>
      <td class="state ${v.applied ? 'ok' : 'bad'}">${v.applied ? t('regApplied') : esc(v.problem)}</td></tr>`).join('');
  view().innerHTML = `
    <section><h2>${t('inForce')}</h2>
      ${f ? `<dl class="facts" id="in-force">
        <dt>${t('version')}</dt><dd id="in-force-version">${f.version}</dd>
        <dt>${t('publishedAt')}</dt><dd>${fmtTime(f.publishedAt)} (${esc(state.me.zone)})</dd>
        <dt>${t('publishedBy')}</dt><dd>${esc(f.publishedBy)}</dd>
        <dt>SHA-256</dt><dd><code>${esc(f.sha256)}</code></dd>
        <dt>${t('counties')} · ${t('enterprises')} · ${t('outlets')} · ${t('meters')}</dt>
        <dd id="in-force-counts">${f.counties} · ${f.enterprises} · ${f.outlets} · ${f.meters}</dd></dl>`
        : `<p class="muted" id="in-force">${t('noVersion')}</p>`}</section>
    <section><h2>${t('regHistory')} (${esc(r.topic)})</h2>
      <table id="registry-table"><thead><tr><th>${t('version')}</th><th>${t('publishedAt')}</th>
        <th>${t('publishedBy')}</th><th>SHA-256</th><th>${t('size')}</th><th>${t('counties')}</th>
        <th>${t('enterprises')}</th><th>${t('meters')}</th><th>${t('regState')}</th></tr></thead>
        <tbody>${rows}</tbody></table>
      ${r.unreadable ? `<p class="bad" id="unreadable">${t('unreadable')}: ${r.unreadable}</p>` : ''}</section>
    ${numbers.length ? `<section><h2>${t('compare')}</h2>
      <form id="diff-form" class="filters">
        <select name="a" id="diff-a">${numbers.map((n) => option(n, n, String(n) === String(a))).join('')}</select> →
        <select name="b" id="diff-b">${numbers.map((n) => option(n, n, String(n) === String(b))).join('')}</select>
        <button type="submit" id="diff-show">${t('compare')}</button></form>
      <ul id="diff"></ul></section>` : ''}`;
  if (!numbers.length) return;
  document.getElementById('diff-form').onsubmit = (ev) => {
    ev.preventDefault();
    location.hash = `#/registry?a=${document.getElementById('diff-a').value}&b=${document.getElementById('diff-b').value}`;
  };
  const d = await api(`/api/registry/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  document.getElementById('diff').innerHTML = d.changes.length
    ? d.changes.map((c) => `<li class="change-${esc(c.kind)}">${esc(c.text)}</li>`).join('')
    : `<li class="muted">${t('noChanges')}</li>`;
}
