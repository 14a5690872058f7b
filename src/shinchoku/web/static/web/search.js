// Site search in the browser, from the prebuilt index beside the page (opendata/search.py):
// the static edition has no server to ask. The query is folded as the index was (NFKC,
// lower case); every word must appear. Without this script the live site answers ?q=.
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  var box = document.getElementById("search-q");
  var out = document.getElementById("search-results");
  var link = document.getElementById("search-index");
  if (!form || !box || !out || !link) return;
  var index = null;
  // A copy opened as …/search/index.html links files, not folders.
  var files = /\/index\.html$/.test(location.pathname);

  function fold(s) { return s.normalize("NFKC").toLowerCase(); }

  function href(url) {
    return files && /\/$/.test(url) ? url + "index.html" : url.replace(/\/#/, files ? "/index.html#" : "/#");
  }

  function show(q) {
    var words = fold(q).split(/\s+/).filter(Boolean);
    out.textContent = "";
    if (!words.length) return;
    var found = index.filter(function (e) {
      return words.every(function (w) { return e.match.indexOf(w) >= 0; });
    });
    var p = document.createElement("p");
    var template = found.length ? out.dataset.found : out.dataset.none;
    p.textContent = template.replace("{q}", q).replace("{n}", String(found.length));
    out.appendChild(p);
    if (!found.length) return;
    var ol = document.createElement("ol");
    ol.className = "search-results";
    found.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(e.url);
      a.textContent = e.title;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = e.kind;
      li.append(a, " ", kind);
      if (e.text) {
        var small = document.createElement("small");
        small.textContent = e.text;
        li.append(document.createElement("br"), small);
      }
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }

  function run(q) {
    if (index) return show(q);
    fetch(link.getAttribute("href"))
      .then(function (r) { return r.json(); })
      .then(function (data) { index = data; show(q); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = box.value.trim();
    history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
    run(q);
  });
  var start = new URLSearchParams(location.search).get("q");
  if (start && !out.querySelector("ol, p")) { box.value = start; run(start); }
})();
