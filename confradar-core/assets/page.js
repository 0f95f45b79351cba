(function () {
  'use strict';
  var body = document.body;
  var fixed = body.getAttribute('data-tz') || '';
  var zone = fixed;
  if (!zone) {
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { zone = 'UTC'; }
  }
  function span(ms) {
    var m = Math.round(ms / 60000), a = Math.abs(m), d = Math.floor(a / 1440), h = Math.floor(a / 60) % 24, n = a % 60, s;
    if (m === 0) return 'now';
    if (d > 0) s = d + (d === 1 ? ' day' : ' days') + (h ? ' ' + h + ' h' : '');
    else if (h > 0) s = h + ' h' + (n ? ' ' + n + ' min' : '');
    else s = n + ' min';
    return m > 0 ? 'in ' + s : s + ' ago';
  }
  var format = null;
  try {
    format = new Intl.DateTimeFormat([], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone, timeZoneName: 'short' });
  } catch (e) { format = null; }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-due]').forEach(function (row) {
      var t = Date.parse(row.getAttribute('data-due'));
      if (isNaN(t)) return;
      var c = row.querySelector('.countdown');
      if (c) c.textContent = span(t - now);
      var l = row.querySelector('.local');
      if (l && !fixed && format) l.textContent = format.format(new Date(t));
      if (t < now) row.classList.add('past');
    });
  }
  document.querySelectorAll('.zone-name').forEach(function (z) { z.textContent = zone; });
  var picker = document.getElementById('tz');
  if (picker && !fixed) {
    var found = false;
    for (var i = 0; i < picker.options.length; i++) if (picker.options[i].value === zone) found = true;
    if (!found) { var o = document.createElement('option'); o.value = zone; o.textContent = zone; picker.insertBefore(o, picker.options[1] || null); }
    picker.value = zone;
  }
  var KEY = 'confradar-stars';
  function load() {
    try { var v = JSON.parse(localStorage.getItem(KEY) || '[]'); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }
  function save(list) { try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* private mode */ } }
  var only = document.getElementById('starred');
  function paint() {
    var stars = load();
    document.querySelectorAll('button.star').forEach(function (b) {
      var on = stars.indexOf(b.getAttribute('data-key')) >= 0;
      b.hidden = false;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = on ? '\u2605' : '\u2606';
    });
    var filtering = !!(only && only.checked);
    document.querySelectorAll('tr[data-conference]').forEach(function (r) {
      var on = stars.indexOf(r.getAttribute('data-conference')) >= 0;
      r.classList.toggle('starred', on);
      r.hidden = filtering && !on;
    });
    document.querySelectorAll('section.month').forEach(function (s) {
      s.hidden = !s.querySelector('tr[data-conference]:not([hidden])');
    });
    var none = document.getElementById('no-stars');
    if (none) none.hidden = !(filtering && !document.querySelector('tr[data-conference]:not([hidden])'));
  }
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button.star') : null;
    if (!b) return;
    var key = b.getAttribute('data-key'), stars = load(), i = stars.indexOf(key);
    if (i >= 0) stars.splice(i, 1); else stars.push(key);
    save(stars);
    paint();
  });
  document.querySelectorAll('.needs-js').forEach(function (el) { el.hidden = false; });
  if (only) only.addEventListener('change', paint);
  paint();
  tick();
  setInterval(tick, 30000);
})();
