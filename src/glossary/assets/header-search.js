/* glossary: the header search. Results as you type from the locale's search.json, `/` to
   focus. Words are stemmed the same way in the index and in the query: Hebrew prefix letters
   (ו ה ב כ ל מ ש) and plural endings, Spanish and English plurals. */
(function () {
  "use strict";
  var config = document.getElementById("glossary-search-config");
  var header = document.querySelector(".md-header__inner");
  if (!config || !header) return;
  var ui = JSON.parse(config.textContent);
  ui.base = new URL(ui.base, location.href).href;  // the locale's folder, wherever the site is served
  var lang = document.documentElement.lang;

  // ---- stemming ----
  var FINALS = { "ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ" };
  function stemHe(w) {
    w = w.replace(/[\u0591-\u05C7]/g, "").replace(/[ךםןףץ]/g, function (c) { return FINALS[c]; });
    if (w.length > 4 && /ויות$/.test(w)) w = w.slice(0, -4);
    else if (w.length > 4 && /(ימ|ות)$/.test(w)) w = w.slice(0, -2);
    else if (w.length > 3 && /ה$/.test(w)) w = w.slice(0, -1);
    while (w.length > 3 && "והבכלמש".indexOf(w.charAt(0)) >= 0) w = w.slice(1);
    return w;
  }
  function stemEs(w) {
    if (w.length > 4 && /[dlrnzj]es$/.test(w)) return w.slice(0, -2);
    if (w.length > 3 && /[aeiou]s$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function stemEn(w) {
    if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + "y";
    if (w.length > 4 && /(s|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
    if (w.length > 3 && /[^s]s$/.test(w)) return w.slice(0, -1);
    return w;
  }
  var STEM = { he: stemHe, es: stemEs, en: stemEn };
  function words(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").match(/[\p{L}\p{N}\u0591-\u05C7]+/gu) || [];
  }
  function stems(text) {
    var stem = STEM[lang] || function (w) { return w; };
    return words(text).map(stem);
  }

  // ---- the box ----
  var form = document.createElement("form");
  form.className = "glossary-search";
  form.setAttribute("role", "search");
  form.innerHTML = '<label class="glossary-search__label" for="glossary-search-input"></label>' +
    '<input id="glossary-search-input" class="glossary-search__input" type="search" autocomplete="off" ' +
    'spellcheck="false" aria-controls="glossary-search-results" aria-keyshortcuts="/">' +
    '<kbd class="glossary-search__key" aria-hidden="true">/</kbd>' +
    '<div id="glossary-search-results" class="glossary-search__results" hidden></div>';
  var label = form.querySelector("label"), input = form.querySelector("input");
  var panel = form.querySelector(".glossary-search__results");
  label.textContent = ui.label;
  input.placeholder = ui.placeholder;
  var before = header.querySelector(".md-header__option") || null;
  header.insertBefore(form, before);

  var index = null, loading = null;
  function load() {
    if (!loading) {
      loading = fetch(new URL("search.json", ui.base).href).then(function (r) { return r.json(); }).then(function (entries) {
        index = entries.map(function (e) {
          return { e: e, title: stems(e.title), all: stems(e.title + " " + e.text) };
        });
      });
    }
    return loading;
  }
  function matches(list, term, prefix) {
    for (var i = 0; i < list.length; i++) if (prefix ? list[i].indexOf(term) === 0 : list[i] === term) return true;
    return false;
  }
  function search(query) {
    var terms = stems(query);
    if (!terms.length || !index) return [];
    var found = [];
    index.forEach(function (item) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var prefix = i === terms.length - 1;
        if (!matches(item.all, terms[i], prefix)) return;
        score += matches(item.title, terms[i], prefix) ? 3 : 1;
      }
      found.push({ item: item, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score; });
    return found.slice(0, 10).map(function (f) { return f.item.e; });
  }
  function snippet(entry, query) {
    var text = entry.text, wanted = stems(query), stem = STEM[lang] || function (w) { return w; };
    var re = /[\p{L}\p{N}\u0591-\u05C7]+/gu, m;
    while ((m = re.exec(text))) {
      var s = stem(words(m[0])[0] || "");
      if (wanted.some(function (t) { return s.indexOf(t) === 0; })) {
        var start = Math.max(0, m.index - 60);
        return (start ? "…" : "") + text.slice(start, m.index + 100) + (m.index + 100 < text.length ? "…" : "");
      }
    }
    return text.slice(0, 160) + (text.length > 160 ? "…" : "");
  }
  function show() {
    var query = input.value.trim();
    panel.textContent = "";
    if (!query) { panel.hidden = true; return; }
    load().then(function () {
      if (input.value.trim() !== query) return;
      var results = search(query);
      panel.textContent = "";
      var status = document.createElement("p");
      status.className = "glossary-search__status";
      status.setAttribute("role", "status");
      status.textContent = results.length ? ui.found.replace("%(num)d", results.length) : ui.none;
      panel.appendChild(status);
      var list = document.createElement("ol");
      results.forEach(function (e) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = new URL(e.url, ui.base).href;
        a.className = "glossary-search__result";
        var title = document.createElement("strong");
        title.textContent = e.title === e.page ? e.title : e.page + " › " + e.title;
        var text = document.createElement("span");
        text.textContent = snippet(e, query);
        a.appendChild(title); a.appendChild(text);
        li.appendChild(a); list.appendChild(li);
      });
      panel.appendChild(list);
      panel.hidden = false;
    });
  }
  input.addEventListener("input", show);
  input.addEventListener("focus", function () { load(); if (input.value.trim()) show(); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = panel.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("keydown", function (ev) {
    var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (ev.key === "Escape") { panel.hidden = true; input.focus(); }
    else if (ev.key === "ArrowDown" && links.length) { ev.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
    else if (ev.key === "ArrowUp" && at >= 0) { ev.preventDefault(); if (at === 0) input.focus(); else links[at - 1].focus(); }
  });
  document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) panel.hidden = true; });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });
  window.glossarySearch = { stems: stems, search: function (q) { return load().then(function () { return search(q); }); } };
})();
