/* Draw a course's route by clicking points on the map (Leaflet, our own static files).
   Each click adds a point to the line; "undo" removes the last one, "clear" the whole line.
   The line is written as GeoJSON ([lng, lat]) into the form's route field, which the server
   reads, checks and measures on save; the length shown here is a preview (haversine, the
   same formula). In "points" mode a click adds a "lat | lng | " line to the points field. */
(function () {
  "use strict";
  var box = document.getElementById("route-editor");
  var field = document.querySelector("textarea.route-data");
  if (!box || !field || !window.L) { return; }
  var pointsField = document.querySelector("textarea.points-data");
  var summary = document.getElementById("route-summary");
  var data = JSON.parse(document.getElementById(box.getAttribute("data-map")).textContent);
  var kmh = parseFloat(box.getAttribute("data-kmh")) || 4;
  var CENTER = [35.7994, 139.4689]; // Tokorozawa
  var R = 6371008.8;
  var lines = [[]];
  var placing = false;

  var map = L.map(box, { zoomSnap: 0.5, doubleClickZoom: false, scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  if (data.tiles) {
    var tiles = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 });
    tiles.once("tileerror", function () { box.classList.add("map-no-tiles"); });
    tiles.addTo(map);
  } else {
    box.classList.add("map-no-tiles");
  }
  L.control.scale({ imperial: false, maxWidth: 150 }).addTo(map);
  var routeLayer = L.layerGroup().addTo(map);
  var pointLayer = L.layerGroup().addTo(map);

  function round(x) { return Math.round(x * 1e6) / 1e6; }

  function distance(a, b) {
    var rad = Math.PI / 180;
    var h = Math.pow(Math.sin((b[0] - a[0]) * rad / 2), 2) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin((b[1] - a[1]) * rad / 2), 2);
    return 2 * R * Math.asin(Math.sqrt(h));
  }

  function load() {
    lines = [[]];
    var g;
    try { g = JSON.parse(field.value); } catch (e) { return; }
    if (g && g.type === "Feature") { g = g.geometry; }
    if (!g || !g.coordinates) { return; }
    var raw = g.type === "LineString" ? [g.coordinates] : g.type === "MultiLineString" ? g.coordinates : [];
    var found = raw.map(function (line) {
      return line.filter(function (p) { return p && p.length >= 2; })
        .map(function (p) { return [p[1], p[0]]; });
    }).filter(function (line) { return line.length; });
    if (found.length) { lines = found; }
  }

  function write() {
    var full = lines.filter(function (l) { return l.length >= 2; }).map(function (l) {
      return l.map(function (p) { return [round(p[1]), round(p[0])]; });
    });
    if (!full.length) {
      field.value = "";
    } else if (full.length === 1) {
      field.value = JSON.stringify({ type: "LineString", coordinates: full[0] });
    } else {
      field.value = JSON.stringify({ type: "MultiLineString", coordinates: full });
    }
  }

  function lengthKm() {
    var m = 0;
    lines.forEach(function (l) { for (var i = 1; i < l.length; i++) { m += distance(l[i - 1], l[i]); } });
    return m / 1000;
  }

  function say() {
    var km = lengthKm();
    if (!km) { summary.textContent = box.getAttribute("data-empty"); return; }
    var minutes = Math.max(5, Math.floor(km / kmh * 60 / 5 + 0.5) * 5);  // rules.walking_minutes
    var h = Math.floor(minutes / 60);
    var time = (h ? box.getAttribute("data-hours").replace("%(h)d", String(h)) : box.getAttribute("data-minutes"))
      .replace("%(m)d", String(minutes % 60));
    summary.textContent = box.getAttribute("data-summary")
      .replace("{km}", km.toFixed(2)).replace("{time}", time);
  }

  function draw() {
    routeLayer.clearLayers();
    lines.forEach(function (l) {
      if (l.length > 1) { L.polyline(l, { color: "#0b5394", weight: 5, opacity: 0.85 }).addTo(routeLayer); }
      l.forEach(function (p, i) {
        L.circleMarker(p, { radius: i === l.length - 1 ? 6 : 4, color: "#0b5394", fillOpacity: 1 })
          .addTo(routeLayer);
      });
    });
    say();
  }

  function drawPoints() {
    pointLayer.clearLayers();
    if (!pointsField) { return; }
    pointsField.value.split("\n").forEach(function (line, i) {
      var cells = line.split("|");
      var lat = parseFloat(cells[0]);
      var lng = parseFloat(cells[1]);
      if (!isNaN(lat) && !isNaN(lng)) {
        L.circleMarker([lat, lng], { radius: 7, color: "#8a5300", fillColor: "#fff", fillOpacity: 1 })
          .bindTooltip((cells[2] || "").trim() || String(i + 1)).addTo(pointLayer);
      }
    });
  }

  function changed() { write(); draw(); }

  map.on("click", function (e) {
    var p = [round(e.latlng.lat), round(e.latlng.lng)];
    if (placing && pointsField) {
      var text = pointsField.value.replace(/\s+$/, "");
      pointsField.value = (text ? text + "\n" : "") + p[0].toFixed(5) + " | " + p[1].toFixed(5) + " | ";
      drawPoints();
      return;
    }
    lines[lines.length - 1].push(p);
    changed();
  });

  document.querySelectorAll("[data-route]").forEach(function (button) {
    button.addEventListener("click", function () {
      var what = button.getAttribute("data-route");
      if (what === "undo") {
        var last = lines[lines.length - 1];
        last.pop();
        if (!last.length && lines.length > 1) { lines.pop(); }
        changed();
      } else if (what === "clear") {
        lines = [[]];
        changed();
      } else if (what === "points") {
        placing = !placing;
        button.setAttribute("aria-pressed", placing ? "true" : "false");
        box.classList.toggle("placing", placing);
      }
    });
  });

  field.addEventListener("change", function () { load(); draw(); });
  if (pointsField) { pointsField.addEventListener("change", drawPoints); }

  load();
  draw();
  drawPoints();
  var bounds = L.latLngBounds([]);
  lines.forEach(function (l) { l.forEach(function (p) { bounds.extend(p); }); });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
  } else {
    map.setView(CENTER, 13);
  }
  box.setAttribute("data-ready", "1");
})();
