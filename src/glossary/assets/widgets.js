/* glossary: the quiz and the qualification checker. Vanilla JS, no network, text via textContent. */
(function () {
  "use strict";

  // ---- the rules engine: the same decision list as src/glossary/rules.py ----
  function holds(route, facts) {
    var all = true;
    var unless = route.unless_missing || [];
    for (var u = 0; u < unless.length; u++) if (facts[unless[u]] === false) return false;
    for (var i = 0; i < route.when.length; i++) {
      var v = facts[route.when[i]];
      if (v === false) return false;
      if (v !== true) all = false;
    }
    return all ? true : null;
  }

  function unknownOf(route, facts) {
    return route.when.filter(function (c) { return facts[c] !== true && facts[c] !== false; });
  }

  // what a route still lacks: criteria not yet true, and unless_missing ones that are false
  function openOf(route, facts) {
    return route.when.filter(function (c) { return facts[c] !== true; })
      .concat((route.unless_missing || []).filter(function (c) { return facts[c] === false; }));
  }

  function classify(rules, facts) {
    var routes = rules.routes, order = rules.stages.map(function (s) { return s.id; });
    var decided = routes[routes.length - 1], possible = [];
    for (var i = 0; i < routes.length; i++) {
      var h = holds(routes[i], facts);
      if (h === true) { decided = routes[i]; break; }
      if (h === null) possible.push({ route: routes[i], unknown: unknownOf(routes[i], facts) });
    }
    var rank = order.indexOf(decided.stage);
    var next = rank + 1 < order.length ? order[rank + 1] : null;
    var needs = [];
    if (next) {
      var best = null, bestCount = Infinity;
      routes.forEach(function (r) {
        if (r.stage !== next || !r.suggest || holds(r, facts) === true) return;
        var count = openOf(r, facts).length;
        if (count < bestCount) { best = r; bestCount = count; }
      });
      if (best) needs = openOf(best, facts);
    }
    // the highest stage above the verdict whose only unknowns met criteria make likely
    var implied = {};
    rules.criteria.forEach(function (c) {
      if (facts[c.id] === true) (c.makes_likely || []).forEach(function (i) { implied[i] = true; });
    });
    var likely = null;
    possible.forEach(function (p) {
      if (!p.route.suggest || order.indexOf(p.route.stage) <= rank) return;
      if (!p.unknown.every(function (c) { return implied[c]; })) return;
      if (!likely || order.indexOf(p.route.stage) > order.indexOf(likely.route.stage)) likely = p;
    });
    var worth = new Map();
    possible.forEach(function (p) {
      var evidence = p.route.when.some(function (c) { return facts[c] === true; });
      if (order.indexOf(p.route.stage) <= rank || !evidence || !p.route.suggest || p.unknown.join() === needs.join()) return;
      if (likely && p.route.stage === likely.route.stage) return;
      var kept = worth.get(p.route.stage);
      if (!kept || p.unknown.length < kept.unknown.length) worth.set(p.route.stage, p);
    });
    var criteria = {};
    rules.criteria.forEach(function (c) {
      var v = facts[c.id];
      criteria[c.id] = v === true ? "met" : v === false ? "missing" : "unknown";
    });
    return {
      stage: decided.stage,
      route: decided.id,
      criteria: criteria,
      signals: rules.criteria.filter(function (c) { return c.signal && facts[c.id] === true; })
        .map(function (c) { return c.id; }),
      possible: Array.from(worth.values()).map(function (p) {
        return { stage: p.route.stage, route: p.route.id, unknown: p.unknown };
      }),
      next_stage: next,
      needs: needs,
      likely: likely ? { stage: likely.route.stage, route: likely.route.id, unknown: likely.unknown } : null,
    };
  }

  // ---- small helpers ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function fmt(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, k) { return String(values[k]); });
  }
  function joinList(items, p) {
    if (items.length < 2) return items.join("");
    if (items.length === 2) return fmt2(p["2"], items[0], items[1]);
    var out = fmt2(p.end, items[items.length - 2], items[items.length - 1]);
    for (var i = items.length - 3; i > 0; i--) out = fmt2(p.middle, items[i], out);
    return fmt2(p.start, items[0], out);
  }
  // 'Ability to pay' reads 'ability to pay' mid-sentence; 'CRM' stays (as explain.py does).
  function inSentence(label) {
    var a = label.charAt(0), b = label.charAt(1);
    return a !== a.toLowerCase() && b !== b.toUpperCase() ? a.toLowerCase() + label.slice(1) : label;
  }
  function fmt2(pattern, a, b) { return pattern.replace("{0}", a).replace("{1}", b); }
  var MARK = { met: "✓", missing: "✗", unknown: "?" };
  function store(key, value) {
    try { if (value === undefined) return JSON.parse(localStorage.getItem(key) || "null"); localStorage.setItem(key, JSON.stringify(value)); }
    catch (e) { return null; }
  }
  // what a learner did, for listeners such as assets/lms.js (LMS and learning-record reporting)
  function tell(root, name, detail) {
    root.dispatchEvent(new CustomEvent("glossary:" + name, { bubbles: true, detail: detail }));
  }
  function shuffle(list) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }

  function Widgets(data) {
    this.d = data;
    this.stage = {}; data.rules.stages.forEach(function (s) { this.stage[s.id] = s; }, this);
    this.crit = {}; data.rules.criteria.forEach(function (c) { this.crit[c.id] = c; }, this);
    this.route = {}; data.rules.routes.forEach(function (r) { this.route[r.stage + ":" + r.id] = r; }, this);
  }
  Widgets.prototype.labels = function (ids) {
    var self = this;
    return joinList(ids.map(function (id) { return inSentence(self.crit[id].label); }), this.d.list_and);
  };
  Widgets.prototype.reasonItem = function (id, status, text) {
    var c = this.crit[id];
    var li = el("li", { class: "reason reason-" + status }, [
      el("span", { class: "mark", "aria-hidden": "true", text: MARK[status] }),
      el("strong", { text: c.label }),
      el("span", { class: "status", text: " (" + this.d.ui[status] + "): " }),
      el("span", { text: text }),
    ]);
    if (c.href) li.appendChild(el("a", { href: c.href, class: "concept", text: this.d.ui.glossary_link }));
    return li;
  };

  // ---- the quiz ----
  var QUIZ_KEY = "glossary-quiz";
  Widgets.prototype.quiz = function (root) {
    var self = this, d = this.d, ui = d.ui;
    var byId = {}; d.scenarios.forEach(function (s) { byId[s.id] = s; });
    var state = store(QUIZ_KEY);
    function valid(s) { return s && Array.isArray(s.order) && s.order.every(function (id) { return byId[id]; }); }
    function fresh(count) {
      var n = count === "all" ? d.scenarios.length : Math.min(+count || 12, d.scenarios.length);
      state = { count: String(count || 12), order: shuffle(d.scenarios.map(function (s) { return s.id; })).slice(0, n), index: 0, answers: {}, done: false };
      save();
    }
    function save() {
      store(QUIZ_KEY, state);
      tell(root, "quiz-state", { state: state });
    }
    if (!valid(state)) fresh(12);
    // quiz/#<scenario> (a search result): that scenario becomes the current question; the
    // round's other answers are kept.
    function open(id) {
      if (!byId[id] || (!state.done && state.order[state.index] === id)) return false;
      state.order = state.order.filter(function (o) { return o !== id; });
      if (state.done) { state.index = state.order.length; state.done = false; }
      state.order.splice(Math.min(state.index, state.order.length), 0, id);
      delete state.answers[id];
      store(QUIZ_KEY, state);
      return true;
    }
    open(decodeURIComponent(location.hash.slice(1)));
    window.addEventListener("hashchange", function () {
      if (open(decodeURIComponent(location.hash.slice(1)))) render();
    });

    var live = el("div", { class: "quiz-feedback", "aria-live": "polite", role: "status" });
    var body = el("div", { class: "quiz-body" });
    var counts = ["5", "10", "12", "all"];
    var select = el("select", { id: "quiz-count" }, counts.map(function (c) {
      return el("option", { value: c, text: c === "all" ? ui.all : c });
    }));
    select.value = state.count;
    // A new count starts a new round: ask first when that would clear answers given in this one.
    select.addEventListener("change", function () {
      if (!state.done && Object.keys(state.answers).length && !window.confirm(ui.restart)) {
        select.value = state.count;
        return;
      }
      fresh(select.value);
      render();
    });
    root.textContent = "";
    root.appendChild(el("div", { class: "quiz-settings" }, [el("label", { for: "quiz-count", text: ui.count + " " }), select]));
    root.appendChild(body);
    root.appendChild(live);

    function score() {
      return state.order.filter(function (id) { return state.answers[id] === byId[id].stage; }).length;
    }
    function feedback(s, chosen) {
      var ok = chosen === s.stage;
      var box = el("div", { class: "verdict " + (ok ? "verdict-right" : "verdict-wrong") }, [
        el("p", { class: "verdict-head" }, [
          el("span", { class: "mark", "aria-hidden": "true", text: ok ? "✓ " : "✗ " }),
          el("strong", { text: ok ? ui.right : ui.wrong }),
          document.createTextNode(" " + fmt(ui.answer_is, { stage: self.stage[s.stage].label })),
          ok ? null : document.createTextNode(" " + fmt(ui.you_said, { stage: self.stage[chosen].label })),
        ]),
        el("p", { class: "explanation", text: s.explanation }),
        el("h3", { text: ui.why }),
        el("ul", { class: "reasons" }, s.criteria.map(function (c) { return self.reasonItem(c.id, c.status, c.text); })),
      ]);
      return box;
    }
    function render() {
      body.textContent = "";
      live.textContent = "";
      if (state.done) return summary();
      var id = state.order[state.index], s = byId[id];
      var progress = fmt(ui.question, { num: state.index + 1, total: state.order.length });
      body.appendChild(el("p", { class: "quiz-progress", text: progress + " · " + d.score[score()] }));
      body.appendChild(el("h2", { class: "scenario-title", text: s.title, tabindex: "-1" }));
      body.appendChild(el("p", { class: "scenario-narrative", text: s.narrative }));
      var answered = state.answers[id];
      var fieldset = el("fieldset", { class: "stage-choices" }, [el("legend", { text: ui.pick })]);
      d.rules.stages.forEach(function (st) {
        var input = el("input", { type: "radio", name: "stage", value: st.id, id: "stage-" + st.id });
        if (answered) { input.disabled = true; input.checked = answered === st.id; }
        fieldset.appendChild(el("div", { class: "choice" }, [input, el("label", { for: "stage-" + st.id, text: st.label })]));
      });
      body.appendChild(fieldset);
      var hint = el("p", { class: "quiz-hint" });
      body.appendChild(hint);
      var action = el("button", { type: "button", class: "md-button md-button--primary quiz-action" });
      body.appendChild(action);
      if (!answered) {
        action.textContent = ui.check;
        action.addEventListener("click", function () {
          var picked = fieldset.querySelector("input:checked");
          if (!picked) { hint.textContent = live.textContent = ui.choose_first; return; }
          state.answers[id] = picked.value;
          tell(root, "answer", { scenario: s, response: picked.value, correct: s.stage, lang: d.lang });
          save();
          render();
          var next = body.querySelector(".quiz-action");
          if (next) next.focus();
        });
      } else {
        var fb = feedback(s, answered);
        body.insertBefore(fb, action);
        live.textContent = fb.querySelector(".verdict-head").textContent;
        var last = state.index + 1 >= state.order.length;
        action.textContent = last ? ui.finish : ui.next;
        action.addEventListener("click", function () {
          if (last) state.done = true; else state.index += 1;
          save();
          if (last) tell(root, "round", { score: score(), total: state.order.length, lang: d.lang });
          render();
          var focus = body.querySelector(".scenario-title, .summary-title");
          if (focus) focus.focus();
        });
      }
    }
    function summary() {
      var missed = state.order.filter(function (id) { return state.answers[id] !== byId[id].stage; });
      body.appendChild(el("h2", { class: "summary-title", text: ui.summary, tabindex: "-1" }));
      body.appendChild(el("p", { class: "quiz-score", text: d.score[score()] + " (" + score() + "/" + state.order.length + ")" }));
      live.textContent = d.score[score()];
      if (missed.length) {
        body.appendChild(el("h3", { text: ui.review }));
        body.appendChild(el("ul", { class: "review" }, missed.map(function (id) {
          var s = byId[id];
          return el("li", {}, [el("strong", { text: s.title }), document.createTextNode(" — " + fmt(ui.answer_is, { stage: self.stage[s.stage].label }))]);
        })));
      } else {
        body.appendChild(el("p", { text: ui.all_right }));
      }
      var again = el("button", { type: "button", class: "md-button md-button--primary quiz-retry", text: ui.retry });
      again.addEventListener("click", function () { fresh(state.count); render(); body.querySelector(".scenario-title").focus(); });
      body.appendChild(again);
    }
    render();
  };

  // ---- the checker ----
  var CHECK_KEY = "glossary-checker";
  Widgets.prototype.checker = function (root) {
    var self = this, d = this.d, ui = d.ui;
    var facts = store(CHECK_KEY) || {};
    // Wide screens: the questions and, beside them, a panel that stays in view while answering.
    // Phones: a bar at the foot of the screen with the stage and what is missing, until the
    // full result below the questions scrolls into view.
    var result = el("div", { class: "checker-result", id: "checker-result", "aria-live": "polite", role: "status" });
    var steps = el("ol", { class: "stage-steps", "aria-label": ui.stages }, d.rules.stages.map(function (s) {
      return el("li", { class: "stage-step", "data-stage": s.id, text: s.label });
    }));
    var barStage = el("strong", { class: "checker-bar-stage" });
    var barNeeds = el("span", { class: "checker-bar-needs" });
    var bar = el("div", { class: "checker-bar" }, [
      el("p", {}, [barStage, document.createTextNode(" "), barNeeds]),
      el("a", { href: "#checker-result", class: "checker-bar-link", text: ui.details }),
    ]);
    var form = el("form", { class: "checker-form" });
    var values = [["yes", true], ["no", false], ["unknown", null]];
    d.rules.criteria.forEach(function (c) {
      var fs = el("fieldset", { class: "criterion" + (c.signal ? " signal" : "") }, [el("legend", { text: c.question })]);
      values.forEach(function (pair) {
        var id = "fact-" + c.id + "-" + pair[0];
        var input = el("input", { type: "radio", name: c.id, value: pair[0], id: id });
        var current = facts[c.id] === undefined ? null : facts[c.id];
        input.checked = current === pair[1];
        fs.appendChild(el("span", { class: "choice" }, [input, el("label", { for: id, text: pair[0] === "unknown" ? ui.dont_know : ui[pair[0]] })]));
      });
      form.appendChild(fs);
    });
    var reset = el("button", { type: "button", class: "md-button checker-reset", text: ui.reset });
    var panel = el("aside", { class: "checker-panel", "aria-label": ui.verdict }, [steps, result, reset]);
    root.textContent = "";
    root.appendChild(el("div", { class: "checker-layout" }, [form, bar, panel]));
    function read() {
      var out = {};
      d.rules.criteria.forEach(function (c) {
        var picked = form.querySelector('input[name="' + c.id + '"]:checked');
        out[c.id] = !picked || picked.value === "unknown" ? null : picked.value === "yes";
      });
      return out;
    }
    function show() {
      facts = read();
      store(CHECK_KEY, facts);
      var v = classify(d.rules, facts);
      var stageLine = fmt(ui.stage_now, { stage: self.stage[v.stage].label });
      steps.querySelectorAll(".stage-step").forEach(function (li) {
        if (li.getAttribute("data-stage") === v.stage) li.setAttribute("aria-current", "step");
        else li.removeAttribute("aria-current");
      });
      result.textContent = "";
      result.appendChild(el("p", { class: "checker-stage" }, [el("strong", { text: stageLine })]));
      result.appendChild(el("p", { text: self.route[v.stage + ":" + v.route].explanation }));
      var lines = [], needsLine = "";
      if (v.signals.length) lines.push(fmt(ui.signals, { list: self.labels(v.signals) }));
      if (v.next_stage) {
        var target = self.stage[v.next_stage].label;
        var missing = v.needs.filter(function (c) { return v.criteria[c] === "missing"; });
        var unknown = v.needs.filter(function (c) { return v.criteria[c] === "unknown"; });
        if (missing.length) lines.push(fmt(ui.next_needs, { stage: target, list: self.labels(missing) }));
        if (unknown.length) lines.push(fmt(ui.next_unknown, { stage: target, list: self.labels(unknown) }));
        if (v.needs.length) needsLine = fmt(ui.bar_needs, { stage: target, list: self.labels(v.needs) });
      }
      if (v.likely) lines.push(fmt(ui.likely, { stage: self.stage[v.likely.stage].label, list: self.labels(v.likely.unknown) }));
      v.possible.forEach(function (p) { lines.push(fmt(ui.possible, { stage: self.stage[p.stage].label, list: self.labels(p.unknown) })); });
      lines.forEach(function (t) { result.appendChild(el("p", { text: t })); });
      barStage.textContent = stageLine;
      barNeeds.textContent = needsLine;
      return v;
    }
    form.addEventListener("change", function () {
      var v = show();
      tell(root, "check", { facts: facts, stage: v.stage, lang: d.lang });
    });
    reset.addEventListener("click", function () {
      form.querySelectorAll('input[value="unknown"]').forEach(function (i) { i.checked = true; });
      show();
    });
    show();
  };

  var island = document.getElementById("glossary-data");
  var api = { classify: classify };
  if (island) {
    var w = new Widgets(JSON.parse(island.textContent));
    api.data = w.d;
    var q = document.getElementById("glossary-quiz");
    if (q) w.quiz(q);
    var c = document.getElementById("glossary-checker");
    if (c) w.checker(c);
  }
  window.glossaryWidgets = api;
})();
