// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">.
// Served from our own static files with Chart.js; no inline script (the CSP forbids it).
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var colours = {
    path: "#0b5394", targets: "#0b5394", actual: "#1b1f24",
    revised: "#8a8f98", projection: "#a3261b", baseline: "#1e6b32"
  };
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "ja");
  var zero = numberFormat.format(0);
  // A figure as the page's language writes it; one that rounds to zero is 0, never "-0"
  // (as core.formatting.rounded). Compared, not signDisplay: "negative" throws in older browsers.
  function formatNumber(v) {
    return numberFormat.format(Math.abs(v)) === zero ? zero : numberFormat.format(v);
  }
  var breakColour = "#a31515";

  // Series breaks: a dashed vertical line between the last year before a break and the
  // break year, labelled with the new series (the label is left out on small cards).
  var seriesBreaks = {
    id: "seriesBreaks",
    // Drawn before the datasets, so that no point ever hides under a label.
    beforeDatasetsDraw: function (chart, args, options) {
      var breaks = options.breaks || [];
      if (!breaks.length) return;
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
      var taken = [];  // label boxes already drawn: a label that would overlap goes a line lower
      ctx.save();
      breaks.forEach(function (b) {
        if (b.x < x.min || b.x > x.max) return;
        var px = x.getPixelForValue(b.x);
        ctx.strokeStyle = breakColour;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        if (options.small) return;
        ctx.setLineDash([]);
        ctx.font = "12px system-ui, sans-serif";
        var text = options.title + ": " + b.label;
        var width = ctx.measureText(text).width;
        // Written to the right of the line, or to its left when it would leave the chart.
        var left = px + 4 + width > area.right ? px - 4 - width : px + 4;
        var top = area.top + 2;
        while (taken.some(function (t) {
          return t.top === top && left < t.right && t.left < left + width + 4;
        })) { top += 18; }
        taken.push({ left: left - 2, right: left + width + 2, top: top });
        ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
        ctx.fillRect(left - 2, top, width + 4, 16);
        ctx.fillStyle = breakColour;
        ctx.textBaseline = "top";
        ctx.fillText(text, left, top + 2);
      });
      ctx.restore();
    }
  };

  function dataset(data, key, options) {
    return Object.assign({
      label: data.labels[key], data: data[key], borderColor: colours[key],
      backgroundColor: colours[key], parsing: false
    }, options);
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var small = canvas.closest(".chart-small") !== null;
    if (small) {
      // A card shows the plan's span and a few years before it; the page shows everything.
      var from = data.baseline[0].x - 5;
      ["actual", "revised", "projection"].forEach(function (key) {
        data[key] = data[key].filter(function (p) { return p.x >= from; });
      });
    }
    // An earlier revision never sets the scale (a 10x typo revised later would flatten the
    // real data): keep only those inside the range the other lines span.
    var shown = [].concat(data.path, data.actual, data.projection, data.targets, data.baseline)
      .map(function (p) { return p.y; });
    var lo = Math.min.apply(null, shown), hi = Math.max.apply(null, shown);
    data.revised = data.revised.filter(function (p) { return p.y >= lo && p.y <= hi; });
    var sets = [
      dataset(data, "path", { borderDash: [6, 4], pointRadius: 0, borderWidth: 2 }),
      dataset(data, "actual", {
        pointRadius: small ? 2 : 4, borderWidth: 2,
        // No line between two actuals on either side of a series break, nor across
        // years without data (a gap of more than one year between consecutive actuals).
        segment: {
          borderColor: function (ctx) {
            var crosses = (data.breaks || []).some(function (b) {
              return ctx.p0.parsed.x < b.x && b.x < ctx.p1.parsed.x;
            });
            var gap = ctx.p1.parsed.x - ctx.p0.parsed.x > (data.maxGap || 1);
            return crosses || gap ? "transparent" : undefined;
          }
        }
      }),
      dataset(data, "revised", { showLine: false, pointStyle: "crossRot", pointRadius: 6 }),
      dataset(data, "projection", { borderDash: [2, 3], pointRadius: 0, borderWidth: 2 }),
      dataset(data, "targets", { showLine: false, pointStyle: "rectRot", pointRadius: small ? 0 : 5 }),
      dataset(data, "baseline", { showLine: false, pointStyle: "triangle", pointRadius: small ? 0 : 6 })
    ];
    new Chart(canvas, {
      type: "line",
      data: { datasets: sets },
      plugins: [seriesBreaks],
      options: {
        animation: false, maintainAspectRatio: false, responsive: true,
        plugins: {
          seriesBreaks: { breaks: data.breaks || [], small: small, title: data.labels["break"] },
          legend: { display: !small, position: "bottom" },
          tooltip: {
            enabled: !small,
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + formatNumber(ctx.parsed.y) + " " + data.unit;
              }
            }
          }
        },
        scales: {
          x: { type: "linear", ticks: { stepSize: 1, precision: 0, display: !small,
               callback: function (v) { return String(v); } } },
          y: {
            // Room above the data for the series-break labels.
            grace: (data.breaks || []).length && !small ? "12%" : 0,
            ticks: { display: !small, callback: function (v) { return formatNumber(v); } }
          }
        }
      }
    });
  });
})();
