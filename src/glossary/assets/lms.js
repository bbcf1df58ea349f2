/* glossary: report the quiz to a SCORM 1.2 LMS. Does nothing unless an LMS's API is found.

   Two roles, one file:
   - launch.html of a SCORM package (`glossary export --format scorm12`) has an
     <iframe id="glossary-sco" data-src="...">: it opens the LMS session (LMSInitialize), puts
     the saved quiz (cmi.suspend_data) back where the quiz widget keeps it, loads the site
     into the frame, and closes the session (session time, LMSFinish) when the learner leaves.
     The session spans every page the learner visits in the frame.
   - every page of the site: listens to the quiz widget's events (assets/widgets.js) and
     sets score, lesson status and suspend data through the same API.
   The API is found the standard way: walking up window.parent, then the opener. */
(function () {
  "use strict";
  var QUIZ_KEY = "glossary-quiz";
  var DEFAULT_PASS_MARK = 80;

  // the first window up the parent chain (then the opener's) that has `name`
  function lookUp(name) {
    var starts = [window];
    try { if (window.opener) starts.push(window.opener); } catch (e) { /* cross-origin opener */ }
    for (var i = 0; i < starts.length; i++) {
      var win = starts[i];
      for (var depth = 0; win && depth < 10; depth++) {
        try { if (win[name]) return win[name]; } catch (e) { /* a cross-origin window: go on up */ }
        if (win.parent === win) break;
        win = win.parent;
      }
    }
    return null;
  }

  function settings() {
    var island = document.getElementById("glossary-lms");
    try { return (island && JSON.parse(island.textContent)) || {}; } catch (e) { return {}; }
  }

  // CMITimespan: HHHH:MM:SS.SS
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs % 100, 2);
  }

  var api = lookUp("API");
  if (api && typeof api.LMSSetValue !== "function") api = null;
  function get(name) { return String(api.LMSGetValue(name) || ""); }
  function set(name, value) { return api.LMSSetValue(name, String(value)); }

  var frame = document.getElementById("glossary-sco");
  if (frame && !api) frame.src = frame.getAttribute("data-src"); // opened outside an LMS
  if (!api) return; // not in an LMS: the site as always
  if (frame) {
    // ---- launch.html: one LMS session around the whole site ----
    var started = Date.now();
    window.glossaryScormSession = { started: started };
    api.LMSInitialize("");
    var status = get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") set("cmi.core.lesson_status", "incomplete");
    var saved = null;
    try { saved = JSON.parse(get("cmi.suspend_data") || "null"); } catch (e) { saved = null; }
    try {
      if (saved && saved.quiz) localStorage.setItem(QUIZ_KEY, JSON.stringify(saved.quiz));
      else localStorage.removeItem(QUIZ_KEY); // a new attempt starts a new round
    } catch (e) { /* storage off: the quiz starts over */ }
    api.LMSCommit("");
    var finished = false;
    window.addEventListener("pagehide", function () {
      if (finished) return;
      finished = true;
      set("cmi.core.session_time", timespan(Date.now() - started));
      var done = get("cmi.core.lesson_status");
      set("cmi.core.exit", done === "passed" || done === "failed" ? "" : "suspend");
      api.LMSCommit("");
      api.LMSFinish("");
    });
    frame.src = frame.getAttribute("data-src");
    return;
  }

  // ---- a page of the site, inside the SCO's frame ----
  var session = lookUp("glossaryScormSession");
  if (!session) return; // an API but not our launch page: leave the LMS session alone

  function commit() {
    set("cmi.core.session_time", timespan(Date.now() - session.started));
    api.LMSCommit("");
  }
  function passMark() {
    var lms = parseFloat(get("cmi.student_data.mastery_score")); // the LMS's mastery score wins
    if (!isNaN(lms)) return lms;
    var mark = settings().pass_mark;
    return typeof mark === "number" ? mark : DEFAULT_PASS_MARK;
  }

  document.addEventListener("glossary:quiz-state", function (e) {
    set("cmi.suspend_data", JSON.stringify({ quiz: e.detail.state }));
    commit();
  });
  document.addEventListener("glossary:round", function (e) {
    var raw = e.detail.total ? Math.round((100 * e.detail.score) / e.detail.total) : 0;
    var before = get("cmi.core.lesson_status");
    if (before === "passed" && raw < (parseFloat(get("cmi.core.score.raw")) || 0)) return commit(); // keep a pass
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", raw);
    set("cmi.core.lesson_status", raw >= passMark() || before === "passed" ? "passed" : "failed");
    commit();
  });
})();
