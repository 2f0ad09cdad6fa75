// Draw every chart whose ECharts option the server embedded as JSON (no logic here: options are
// built in Python, planwatch/web/charts.py).
(function () {
  function draw() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var src = document.getElementById("chart-" + box.dataset.chart);
      if (!src) return;
      var option = JSON.parse(src.textContent);
      var chart = echarts.init(box, null, { renderer: "canvas" });
      if (option.geo_map) {
        var geo = document.getElementById("geo-" + option.geo_map);
        if (geo) echarts.registerMap(option.geo_map, JSON.parse(geo.textContent));
      }
      if (option.year_axis && option.xAxis && option.xAxis.axisLabel) {
        // years are plain numbers (2025, not 2,025); the only formatter not expressible in JSON
        option.xAxis.axisLabel.formatter = function (v) { return String(v); };
      }
      chart.setOption(option);
      box.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  function menu() {
    // the navigation is a row on a desk and a collapsed menu on a phone (open without script)
    var m = document.getElementById("menu");
    if (m && !window.matchMedia("(min-width: 721px)").matches) m.open = false;
  }
  function poll() {
    // 报告与评估表: while a file is being built, ask the page's JSON twin for its progress and
    // show it; reload once every file is finished (no logic beyond showing what the server says)
    var table = document.querySelector("[data-poll]");
    if (!table) return;
    var tick = function () {
      fetch(table.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (page) {
          var busy = false;
          (page.items || []).forEach(function (g) {
            var cell = table.querySelector('tr[data-file="' + g.id + '"] td.progress');
            if (g.state === "queued" || g.state === "running") {
              busy = true;
              if (cell) cell.textContent = g.state_label + "（" + g.progress + "%：" + (g.step || "") + "）";
            }
          });
          if (busy) window.setTimeout(tick, 1000); else window.location.reload();
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    };
    window.setTimeout(tick, 500);
  }
  function start() { menu(); draw(); poll(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
// The county view: choosing another region shows that region's children (its own targets or
// statistics), so the indicator and statistic of the previous region are cleared.
(function () {
  var pick = document.querySelector("form select[data-region-pick]");
  if (!pick) return;
  pick.addEventListener("change", function () {
    pick.form.querySelectorAll("select[name=indicator], select[name=statistic]").forEach(function (s) {
      s.value = "";
    });
    pick.form.submit();
  });
})();
