/* The round item page: keep a server-side draft while the owner types.
   The page works without this file (「下書きを保存」 and 「提出する」 are plain submit
   buttons); this only saves the same form to the draft endpoint a moment after each
   change, and once more when the page is left. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector(".autosave-status");
  var url = form.getAttribute("data-autosave");
  var timer = null;
  var dirty = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save(leaving) {
    if (!dirty) {
      return;
    }
    dirty = false;
    window.clearTimeout(timer);
    var request = fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      keepalive: Boolean(leaving),
      headers: { "X-Requested-With": "fetch" }
    });
    if (leaving) {
      return;
    }
    request
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        say(status.getAttribute("data-saved") + "（" + data.time + "）");
      })
      .catch(function () {
        dirty = true;
        say(status.getAttribute("data-failed"));
      });
  }

  function changed() {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    dirty = false; /* the submit itself keeps the draft on the server */
    window.clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save(true);
    }
  });
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
