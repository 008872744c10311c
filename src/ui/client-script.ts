/**
 * The pages' only script, served as /assets/switchboard.js. Everything it touches is already
 * rendered on the server; it adds copy buttons, tabs, live catalog filtering and draws the
 * charts from the JSON data blocks with uPlot. Plain ES2017, no build step.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  all('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.querySelector(button.getAttribute('data-copy'));
      if (!source) return;
      var text = source.value !== undefined && source.tagName === 'INPUT' ? source.value : source.textContent;
      var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () {});
      else {
        var area = document.createElement('textarea');
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand('copy'); done(); } catch (e) { /* copying is a convenience */ }
        document.body.removeChild(area);
      }
    });
  });

  all('[data-tabs]').forEach(function (container) {
    var tabs = all('[role=tab]', container);
    var panels = all('[data-panel]', container);
    var list = container.querySelector('[role=tablist]');
    if (list) list.hidden = false;
    all('.tab-title', container).forEach(function (title) { title.hidden = true; });
    function select(name) {
      tabs.forEach(function (tab) { tab.setAttribute('aria-selected', String(tab.getAttribute('data-tab') === name)); });
      panels.forEach(function (panel) { panel.hidden = panel.getAttribute('data-panel') !== name; });
    }
    tabs.forEach(function (tab) { tab.addEventListener('click', function () { select(tab.getAttribute('data-tab')); }); });
    if (tabs[0]) select(tabs[0].getAttribute('data-tab'));
  });

  var filters = document.getElementById('catalog-filters');
  if (filters) {
    all('select', filters).forEach(function (select) { select.addEventListener('change', function () { filters.submit(); }); });
    var search = filters.querySelector('input[name=q]');
    var rows = all('#catalog-table tbody tr[data-search]');
    var counter = document.getElementById('catalog-count');
    if (search) search.addEventListener('input', function () {
      var needle = search.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var match = row.getAttribute('data-search').indexOf(needle) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (counter) counter.textContent = String(shown);
    });
  }

  var PALETTE = ['#4f46e5', '#0d9488', '#d97706', '#db2777', '#2563eb', '#65a30d'];
  function formatValue(kind, value) {
    if (value === null || value === undefined) return '—';
    if (kind === 'percent') return value.toFixed(1) + '%';
    if (value >= 1e6) return (value / 1e6).toFixed(1) + 'M';
    if (value >= 1e3) return (value / 1e3).toFixed(1) + 'K';
    return String(Math.round(value));
  }
  all('[data-chart]').forEach(function (element) {
    var block = document.getElementById(element.getAttribute('data-chart'));
    if (!block || typeof window.uPlot !== 'function') return;
    var spec = JSON.parse(block.textContent);
    var data = [spec.x].concat(spec.series.map(function (series) { return series.values; }));
    var points = 0;
    spec.series.forEach(function (series) { series.values.forEach(function (value) { if (value !== null) points += 1; }); });
    var bars = spec.kind === 'bars' && window.uPlot.paths && window.uPlot.paths.bars;
    var options = {
      width: Math.max(280, element.clientWidth || 600),
      height: 240,
      scales: {
        // Bars are centred on their day: pad the x range by half a step so the edge bars show.
        x: bars ? { time: true, range: function (u, min, max) { var half = (spec.x.length > 1 ? spec.x[1] - spec.x[0] : 86400) / 2; return [min - half, max + half]; } } : { time: true },
        y: spec.yFormat === 'percent' ? { range: [0, 100] } : { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } },
      },
      axes: [{}, { size: 60, values: function (u, values) { return values.map(function (v) { return formatValue(spec.yFormat, v); }); } }],
      series: [{}].concat(spec.series.map(function (series, index) {
        var color = PALETTE[index % PALETTE.length];
        return {
          label: series.label,
          stroke: color,
          width: 2,
          fill: bars ? color + '99' : undefined,
          paths: bars ? window.uPlot.paths.bars({ size: [0.35, 40], align: index === 0 ? -1 : 1 }) : undefined,
          points: { show: !bars, size: 5 },
          spanGaps: false,
          value: function (u, value) { return formatValue(spec.yFormat, value); },
        };
      })),
    };
    element.textContent = '';
    var chart = new window.uPlot(options, data, element);
    element.setAttribute('data-points', String(points));
    window.addEventListener('resize', function () { chart.setSize({ width: Math.max(280, element.clientWidth || 600), height: 240 }); });
  });
})();
`;
