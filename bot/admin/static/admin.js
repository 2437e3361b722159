// Live preview for the entry form: after a pause in typing, the form is sent
// to /admin/preview and the preview (rendered and escaped by the server) is
// replaced. Without JavaScript the Preview button does the same.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  var target = document.getElementById("preview");
  if (!form || !target || !window.fetch) { return; }
  var timer = null;
  var sent = 0;
  function refresh() {
    var mine = ++sent;
    var body = new URLSearchParams(new FormData(form));
    fetch("/admin/preview", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && mine === sent) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          target.replaceChildren.apply(target, Array.prototype.slice.call(doc.body.childNodes));
          target.setAttribute("data-updated", String(mine));
        }
      })
      .catch(function () { /* keep the last preview */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });
})();
