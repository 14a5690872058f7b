/* Maps of the registries (Leaflet, served from our own static files).
   Data comes from a <script type="application/json"> block; the CSP forbids inline code.
   Without a tile server the map still shows its markers, routes and scale. */
(function () {
  "use strict";
  var CENTER = [35.7994, 139.4689]; // Tokorozawa

  function label(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }

  function popup(m) {
    var box = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = m.n + " " + m.name;
    box.appendChild(strong);
    if (m.url) {
      var a = document.createElement("a");
      a.href = m.url;
      a.textContent = "›";
      a.setAttribute("aria-label", m.name);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(a);
    }
    return box;
  }

  function draw(el) {
    var data = JSON.parse(document.getElementById(el.getAttribute("data-map")).textContent);
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    if (data.tiles) {
      var layer = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 });
      layer.once("tileerror", function () { el.classList.add("map-no-tiles"); });
      layer.addTo(map);
    } else {
      el.classList.add("map-no-tiles");
    }
    L.control.scale({ imperial: false, maxWidth: 150 }).addTo(map);
    var bounds = L.latLngBounds([]);
    data.routes.forEach(function (r) {
      var line = L.geoJSON(r.geometry, { style: { color: "#0b5394", weight: 5, opacity: 0.85 } });
      line.bindTooltip(r.name).addTo(map);
      bounds.extend(line.getBounds());
    });
    data.markers.forEach(function (m) {
      var sign = m.kind === "sign";
      var icon = L.divIcon({
        className: "reg-marker" + (sign ? " reg-marker-sign" : ""),
        html: label(m.n),
        iconSize: [28, 28],
        iconAnchor: [14, 14],
        popupAnchor: [0, -14]
      });
      L.marker([m.lat, m.lng], { icon: icon, title: m.n + " " + m.name, alt: m.n + " " + m.name })
        .bindPopup(popup(m))
        .addTo(map);
      bounds.extend([m.lat, m.lng]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    } else {
      map.setView(CENTER, 12);
    }
    el.setAttribute("data-ready", "1");
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
