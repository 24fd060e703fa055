// Progressive enhancement only: the site works without this file.
// Fills the search box's <datalist> with suggestions (shows, persons, titles) as the user types.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      fetch("/api/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          while (list.firstChild) list.removeChild(list.firstChild);
          (data.suggestions || []).forEach(function (s) {
            var opt = document.createElement("option");
            opt.value = s.value;            // textContent/value: never parsed as HTML
            opt.label = s.kind + ": " + s.label;
            list.appendChild(opt);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 120);
  });
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();
