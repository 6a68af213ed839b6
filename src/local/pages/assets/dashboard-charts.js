// Draws the dashboard's line and bar charts with uPlot from the values the page carries
// (the same values as the table beside each chart, which is what a reader without
// JavaScript sees). Each drawn chart gets data-drawn="true".
(function () {
  'use strict';
  var palette = ['#0b5cad', '#c2410c', '#15803d', '#7c3aed', '#be123c'];
  function isTemporal(values) {
    return values.length > 0 && values.every(function (v) { return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v); });
  }
  function draw(figure) {
    var spec = JSON.parse(document.getElementById(figure.getAttribute('data-chart')).textContent);
    var temporal = isTemporal(spec.x);
    var xs = spec.x.map(function (v, i) { return temporal ? Date.parse(v.length === 10 ? v + 'T00:00:00Z' : v) / 1000 : i; });
    var bars = spec.type === 'bar';
    var series = [{ label: spec.xLabel }].concat(spec.series.map(function (s, i) {
      var line = { label: s.label, stroke: palette[i % palette.length], width: 2, fill: bars ? palette[i % palette.length] + '99' : undefined };
      if (bars) line.paths = uPlot.paths.bars({ size: [0.7, 60] });
      return line;
    }));
    var target = figure.querySelector('.chart');
    var options = {
      width: Math.max(200, target.clientWidth),
      height: 240,
      series: series,
      // Bars stand on zero; a line keeps uPlot's fitted range.
      scales: bars ? { x: { time: temporal }, y: { range: function (u, min, max) { return [Math.min(0, min), max * 1.05]; } } } : { x: { time: temporal } },
      axes: [temporal ? {} : { values: function (u, ticks) { return ticks.map(function (t) { return spec.x[t] === undefined ? '' : String(spec.x[t]); }); } }, {}],
      legend: { show: spec.series.length > 1 },
    };
    var data = [xs].concat(spec.series.map(function (s) { return s.values; }));
    var chart = new uPlot(options, data, target);
    figure.setAttribute('data-drawn', 'true');
    figure.setAttribute('data-points', JSON.stringify(chart.data.slice(1)));
    window.addEventListener('resize', function () { chart.setSize({ width: Math.max(200, target.clientWidth), height: 240 }); });
  }
  document.querySelectorAll('figure[data-chart]').forEach(draw);
})();
