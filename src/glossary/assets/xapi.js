/* glossary: xAPI learning records. Does nothing unless the site has an LRS to report to.

   The LRS comes from a cmi5 launch (endpoint, fetch, actor, registration, activityId in the
   page's URL, for an endpoint extra.lms.xapi.cmi5_endpoints lists; kept for the session's
   other pages) or from mkdocs.yml (extra.lms.xapi.endpoint, optional auth). Statements: answered (each quiz scenario), passed/failed (a finished round),
   interacted (the checker), experienced (each page read).

   Every statement gets its id here and waits in localStorage until the LRS has accepted it
   with a PUT of that id, so nothing is lost while offline or while the LRS is down, and a
   statement sent again (a page closed mid-request) is the same statement to the LRS. */
(function () {
  "use strict";
  var QUEUE_KEY = "glossary-xapi-queue";
  var LAUNCH_KEY = "glossary-xapi-launch";
  var LEARNER_KEY = "glossary-xapi-learner";
  var VERB = "http://adlnet.gov/expapi/verbs/";

  function load(storage, key) {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function save(storage, key, value) {
    try { storage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  var island = document.getElementById("glossary-lms");
  var settings = {};
  try { settings = (island && JSON.parse(island.textContent)) || {}; } catch (e) { settings = {}; }
  var configured = settings.xapi || {};

  // this script is <locale root>/assets/xapi.js: the site root is one folder up from the locale
  var script = document.currentScript && document.currentScript.src;
  var localeRoot = script ? script.replace(/assets\/xapi\.js(\?.*)?$/, "") : location.origin + "/";
  var siteRoot = localeRoot.replace(/[^\/]+\/$/, "");

  // a cmi5 launch: its parameters, kept for the pages the learner opens next. Only an LRS
  // that mkdocs.yml lists may be named in a URL: a link must not send records anywhere.
  var params = new URLSearchParams(location.search);
  var launch = load(sessionStorage, LAUNCH_KEY);
  var trusted = (configured.cmi5_endpoints || []).some(function (prefix) {
    return typeof prefix === "string" && prefix && (params.get("endpoint") || "").indexOf(prefix) === 0;
  });
  if (params.get("endpoint") && params.get("actor") && trusted) {
    var actor = null;
    try { actor = JSON.parse(params.get("actor")); } catch (e) { actor = null; }
    launch = {
      endpoint: params.get("endpoint"),
      fetch: params.get("fetch"),
      actor: actor,
      registration: params.get("registration"),
      activity: params.get("activityId"),
    };
    save(sessionStorage, LAUNCH_KEY, launch);
  }
  var endpoint = (launch && launch.endpoint) || configured.endpoint;
  if (!endpoint) return; // no LRS: the site as always
  if (endpoint.slice(-1) !== "/") endpoint += "/";

  function learner() {
    if (launch && launch.actor) return launch.actor;
    var name = load(localStorage, LEARNER_KEY);
    if (!name) { name = uuid(); save(localStorage, LEARNER_KEY, name); }
    return { objectType: "Agent", account: { homePage: siteRoot, name: name } };
  }
  var base = ((launch && launch.activity) || configured.activity_id || siteRoot).replace(/\/$/, "");

  // cmi5: the fetch URL gives the session's token once; kept for the session's other pages
  var token = launch ? launch.token : null;
  var fetching = null;
  function authorization() {
    if (!launch || !launch.fetch) return Promise.resolve(configured.auth || null);
    if (token) return Promise.resolve("Basic " + token);
    fetching = fetching || fetch(launch.fetch, { method: "POST" })
      .then(function (r) { if (!r.ok) throw new Error("fetch " + r.status); return r.json(); })
      .then(function (body) {
        token = body["auth-token"];
        launch.token = token;
        save(sessionStorage, LAUNCH_KEY, launch);
        return "Basic " + token;
      })
      .finally(function () { fetching = null; });
    return fetching;
  }

  // ---- the queue: statements wait here until the LRS has them ----
  function queue() { return load(localStorage, QUEUE_KEY) || []; }
  var inFlight = {};
  var retry = null;
  function notice(show) {
    var data = window.glossaryWidgets && window.glossaryWidgets.data;
    var text = data && data.ui && data.ui.records_queued;
    var box = document.getElementById("glossary-xapi-notice");
    if (!show || !text) { if (box) box.remove(); return; }
    if (box) return;
    var widget = document.querySelector(".glossary-widget");
    if (!widget) return;
    box = document.createElement("p");
    box.id = "glossary-xapi-notice";
    box.className = "xapi-notice";
    box.setAttribute("role", "status");
    box.textContent = text;
    widget.parentNode.insertBefore(box, widget.nextSibling);
  }
  function done(id) {
    var kept = queue().filter(function (s) { return s.id !== id; });
    save(localStorage, QUEUE_KEY, kept);
  }
  function flush() {
    var waiting = queue();
    if (!waiting.length) { notice(false); return; }
    authorization().then(function (auth) {
      waiting.forEach(function (statement) {
        if (inFlight[statement.id]) return;
        inFlight[statement.id] = true;
        var headers = { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" };
        if (auth) headers.Authorization = auth;
        fetch(endpoint + "statements?statementId=" + encodeURIComponent(statement.id), {
          method: "PUT", headers: headers, body: JSON.stringify(statement), keepalive: true,
        }).then(function (r) {
          // 204: stored; 409: the LRS has this id already. Anything else: try again later.
          if (r.ok || r.status === 409) done(statement.id); else throw new Error("LRS " + r.status);
        }).catch(function () {
          notice(true);
          schedule();
        }).finally(function () {
          delete inFlight[statement.id];
          if (!queue().length) notice(false);
        });
      });
    }).catch(function () { notice(true); schedule(); });
  }
  function schedule() {
    if (retry) return;
    retry = setTimeout(function () { retry = null; flush(); }, 15000);
  }
  function send(verb, object, result, extra) {
    var statement = {
      id: uuid(),
      actor: learner(),
      verb: { id: VERB + verb, display: { "en-US": verb } },
      object: object,
      timestamp: new Date().toISOString(),
      context: { language: document.documentElement.lang || "en", platform: "glossary" },
    };
    if (launch && launch.registration) statement.context.registration = launch.registration;
    if (result) statement.result = result;
    if (extra) statement.context.extensions = extra;
    var waiting = queue();
    waiting.push(statement);
    if (!save(localStorage, QUEUE_KEY, waiting)) return; // storage full or off: nothing to queue in
    flush();
  }

  function activity(id, name, type, more) {
    var definition = { type: "http://adlnet.gov/expapi/activities/" + type };
    var lang = document.documentElement.lang || "en";
    if (name) { definition.name = {}; definition.name[lang] = name; }
    Object.keys(more || {}).forEach(function (k) { definition[k] = more[k]; });
    return { objectType: "Activity", id: base + "/" + id, definition: definition };
  }

  // ---- what the learner does ----
  document.addEventListener("glossary:answer", function (e) {
    var s = e.detail.scenario;
    var stages = (window.glossaryWidgets && window.glossaryWidgets.data.rules.stages) || [];
    send("answered",
      activity("quiz/" + s.id, s.title, "cmi.interaction", {
        interactionType: "choice",
        correctResponsesPattern: [e.detail.correct],
        choices: stages.map(function (st) { var d = {}; d[document.documentElement.lang || "en"] = st.label; return { id: st.id, description: d }; }),
      }),
      { response: e.detail.response, success: e.detail.response === e.detail.correct },
      { "https://w3id.org/xapi/glossary/correct-stage": e.detail.correct });
  });
  document.addEventListener("glossary:round", function (e) {
    var passMark = typeof settings.pass_mark === "number" ? settings.pass_mark : 80;
    var scaled = e.detail.total ? e.detail.score / e.detail.total : 0;
    var passed = scaled * 100 >= passMark;
    send(passed ? "passed" : "failed", activity("quiz", document.title, "assessment"), {
      score: { scaled: Math.round(scaled * 10000) / 10000, raw: e.detail.score, min: 0, max: e.detail.total },
      success: passed,
      completion: true,
    });
  });
  document.addEventListener("glossary:check", function (e) {
    var facts = e.detail.facts, said = [];
    Object.keys(facts).forEach(function (k) { if (facts[k] !== null) said.push(k + "=" + facts[k]); });
    send("interacted", activity("checker", document.title, "simulation"), { response: said.join(",") },
      { "https://w3id.org/xapi/glossary/stage": e.detail.stage });
  });

  var page = location.href.replace(/[?#].*$/, "").replace(/index\.html$/, "");
  send("experienced", { objectType: "Activity", id: page, definition: {
    type: "http://activitystrea.ms/schema/1.0/page", name: (function () { var n = {}; n[document.documentElement.lang || "en"] = document.title; return n; })(),
  } });
  window.addEventListener("online", flush);
})();
