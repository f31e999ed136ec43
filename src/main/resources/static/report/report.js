/* The value-stream report's charts and drill-downs. Every figure comes from /report/data/* (the /api/metrics answers, with the console session), with the page's filters. */
(function () {
  'use strict';
  var form = document.getElementById('report-filters');
  if (!form) { return; }
  var params = new URLSearchParams(new FormData(form));
  Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) { params.delete(k); } });
  var NAMES = { deploymentFrequency: 'Deployments', leadTime: 'Changes (lead time)', changeFailureRate: 'Failed deployments',
    timeToRestore: 'Incidents (time to restore)', failedDeploymentRecoveryTime: 'Incidents (recovery after a failed deployment)' };
  var charts = [];

  function api(path, extra) {
    var q = new URLSearchParams(params);
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] != null) { q.set(k, extra[k]); } });
    return fetch(path + '?' + q.toString(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error(path + ': ' + r.status); } return r.json(); });
  }

  function chart(id) {
    var el = document.getElementById(id);
    var c = echarts.init(el);
    charts.push(c);
    return c;
  }

  function hours(minutes) { return minutes == null ? null : Math.round(minutes / 60 * 10) / 10; }

  function fmtValue(metric, v) {
    if (v == null) { return '—'; }
    if (metric === 'changeFailureRate') { return (v * 100).toFixed(1) + ' %'; }
    if (metric === 'deploymentFrequency') { return String(v); }
    return (v / 60).toFixed(1) + ' h';
  }

  var fmtTime = ScrumOpsTimes.dateTime;

  function drill(title, note, rows) {
    var section = document.getElementById('drill');
    section.hidden = false;
    document.getElementById('drill-title').textContent = title;
    document.getElementById('drill-note').textContent = note || '';
    var body = document.querySelector('#drill-table tbody');
    body.textContent = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      var id = document.createElement('td');
      if (r.url) {
        var a = document.createElement('a'); a.href = r.url; a.textContent = r.id; a.target = '_blank'; a.rel = 'noopener';
        id.appendChild(a);
      } else { id.textContent = r.id; }
      tr.appendChild(id);
      [fmtTime(r.at), r.value == null ? '' : r.value, r.ref || ''].forEach(function (text) {
        var td = document.createElement('td'); td.textContent = text; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (rows.length === 0) {
      var empty = document.createElement('tr'); var td = document.createElement('td'); td.colSpan = 4;
      td.textContent = 'No items.'; empty.appendChild(td); body.appendChild(empty);
    }
    section.scrollIntoView({ block: 'nearest' });
  }

  function drillDora(metric, extra) {
    return api('/report/data/dora/items', Object.assign({ metric: metric, limit: 1000 }, extra || {})).then(function (items) {
      var rows = items.map(function (i) {
        return { id: i.id, url: i.url, at: i.at, ref: i.ref,
          value: i.value == null ? null : (metric === 'changeFailureRate' ? 'incidents: ' + (i.ref || '') : fmtValue(metric, i.value)) };
      });
      drill(NAMES[metric] || metric, rows.length + ' item(s)' + (rows.length === 1000 ? ' (first 1,000)' : ''), rows);
    });
  }

  document.querySelectorAll('#dora-keys .figure').forEach(function (card) {
    var open = function () { drillDora(card.dataset.metric); };
    card.addEventListener('click', open);
    card.addEventListener('keydown', function (e) { if (e.key === 'Enter') { open(); } });
  });
  document.querySelectorAll('.flow-link').forEach(function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      api('/report/data/flow/items', { flowType: a.dataset.flowType, limit: 1000 }).then(function (items) {
        drill('Done items: ' + a.dataset.flowType, items.length + ' item(s)', items.map(function (i) {
          return { id: i.id, at: i.doneAt, value: i.kind, ref: i.flowType };
        }));
      });
    });
  });
  function drillStage(stream, stage) {
    api('/report/data/stages/items', { valueStream: stream, stage: stage, limit: 1000 }).then(function (r) {
      drill('Items in ' + stream + ' / ' + stage, r.items.length + ' item(s)', r.items.map(function (id) { return { id: id }; }));
    });
  }
  document.querySelectorAll('.stage-link').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); drillStage(a.dataset.stream, a.dataset.stage); });
  });

  api('/report/data/dora', { idLimit: 0 }).then(function (report) {
    var periods = report.trend.map(function (p) { return p.period; });
    var c = chart('chart-trend');
    c.setOption({
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 60, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: periods },
      yAxis: [{ type: 'value', name: 'count' }, { type: 'value', name: 'hours / %', position: 'right' }],
      series: [
        { name: 'Deployments', type: 'bar', data: report.trend.map(function (p) { return p.deployments; }) },
        { name: 'Failed deployments', type: 'bar', data: report.trend.map(function (p) { return p.failedDeployments; }) },
        { name: 'Lead time (h)', type: 'line', yAxisIndex: 1, connectNulls: true,
          data: report.trend.map(function (p) { return hours(p.leadTimeMinutes); }) },
        { name: 'Time to restore (h)', type: 'line', yAxisIndex: 1, connectNulls: true,
          data: report.trend.map(function (p) { return hours(p.timeToRestoreMinutes); }) },
        { name: 'Change failure rate (%)', type: 'line', yAxisIndex: 1, connectNulls: true,
          data: report.trend.map(function (p) { return p.changeFailureRate == null ? null : Math.round(p.changeFailureRate * 1000) / 10; }) }
      ]
    });
    c.on('click', function (e) {
      var start = periods[e.dataIndex];
      var end = periods[e.dataIndex + 1];
      var metric = { 'Deployments': 'deploymentFrequency', 'Failed deployments': 'changeFailureRate',
        'Lead time (h)': 'leadTime', 'Time to restore (h)': 'timeToRestore', 'Change failure rate (%)': 'changeFailureRate' }[e.seriesName];
      var extra = { from: start };
      if (end) { extra.to = new Date(Date.parse(end + 'T00:00:00Z') - 1000).toISOString(); }
      drillDora(metric, extra);
    });
  });

  function histogram(id, metric) {
    api('/report/data/dora/items', { metric: metric, limit: 10000 }).then(function (items) {
      var bounds = [1, 4, 24, 72, 168, 720, Infinity];
      var labels = ['< 1 h', '1-4 h', '4-24 h', '1-3 d', '3-7 d', '7-30 d', '> 30 d'];
      var counts = bounds.map(function () { return 0; });
      var members = bounds.map(function () { return []; });
      items.forEach(function (i) {
        var h = i.value / 60;
        for (var b = 0; b < bounds.length; b++) {
          if (h < bounds[b]) { counts[b]++; members[b].push(i); break; }
        }
      });
      var c = chart(id);
      c.setOption({ tooltip: {}, grid: { left: 40, right: 10, top: 20, bottom: 30 },
        xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' },
        series: [{ type: 'bar', name: NAMES[metric], data: counts }] });
      c.on('click', function (e) {
        drill(NAMES[metric] + ', ' + labels[e.dataIndex], members[e.dataIndex].length + ' item(s)',
          members[e.dataIndex].map(function (i) { return { id: i.id, url: i.url, at: i.at, value: fmtValue(metric, i.value), ref: i.ref }; }));
      });
    });
  }
  histogram('chart-lead', 'leadTime');
  histogram('chart-restore', 'timeToRestore');

  api('/report/data/flow', {}).then(function (flow) {
    var types = flow.window.filter(function (f) { return f.flowType !== 'ALL'; });
    var c = chart('chart-flow');
    c.setOption({ tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '65%'], name: 'Done items',
        data: types.map(function (f) { return { name: f.flowType, value: f.velocity }; }) }] });
    c.on('click', function (e) {
      api('/report/data/flow/items', { flowType: e.name, limit: 1000 }).then(function (items) {
        drill('Done items: ' + e.name, items.length + ' item(s)', items.map(function (i) {
          return { id: i.id, at: i.doneAt, value: i.kind, ref: i.flowType };
        }));
      });
    });
  });

  api('/report/data/stages', {}).then(function (report) {
    var names = report.stages.map(function (s) { return s.valueStream + ' / ' + s.stage; });
    var c = chart('chart-stages');
    c.setOption({ tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 150, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'value', name: 'hours' }, yAxis: { type: 'category', data: names, inverse: true },
      series: [
        { name: 'Active', type: 'bar', stack: 'time', data: report.stages.map(function (s) { return Math.round(s.activeHours); }) },
        { name: 'Waiting', type: 'bar', stack: 'time', data: report.stages.map(function (s) { return Math.round(s.waitingHours); }) }
      ] });
    c.on('click', function (e) {
      var s = report.stages[e.dataIndex];
      drillStage(s.valueStream, s.stage);
    });
  });

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
