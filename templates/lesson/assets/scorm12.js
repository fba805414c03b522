/* scormpack — SCORM 1.2 runtime adapter of the lesson.
 *
 * lesson.js only talks to window.ScormpackRuntime, so that a SCORM 2004 adapter (API_1484_11,
 * Initialize/Terminate, ISO 8601 durations) can be shipped instead of this file without touching it:
 *
 *   start()               → snapshot: {connected, review, masteryScore (number|null), saved (string),
 *                                      score (the LMS's stored score, number|null),
 *                                      unsaved (an LMS was found but refused what the learner's record
 *                                      needs: LMSInitialize, or a write of status, score, state or a commit)}
 *   getState()            → the same snapshot, later
 *   save(text)            → keep the learner's state for a relaunch (suspend data); no commit
 *   recordAttempt(a)      → one submitted attempt: interactions, score, status, exit, state; commits;
 *                           true when the LMS accepted all of it
 *   complete()            → a page without quiz: being viewed is enough to be completed, with full marks
 *   finish()              → end the session (once; also done on pagehide)
 *
 * Without any LMS every function is a silent no-op: the lesson works on its own. In review or browse
 * mode (the LMS replays a finished attempt, or previews) nothing is ever set: the LMS would not store it.
 * The first refusal makes `unsaved` true for good and dispatches "scormpack:unsaved" on the window, so
 * that the page tells the learner, whichever call (a commit when the page is hidden…) met it.
 */
(function () {
  "use strict";

  // Generous on purpose: the ADL sample's 7 hops is too few for LMSs that nest frames deeply.
  const MAX_HOPS = 500;
  // CMIString4096: Moodle's standard mode refuses anything longer.
  const SUSPEND_LIMIT = 4096;
  const DONE_STATUSES = ["passed", "failed", "completed"];
  // CMIIdentifier as Moodle checks it: printable ASCII, no space, 255 characters at most.
  const IDENTIFIER = /^[\x21-\x7E]{1,255}$/;

  let api = null;
  let started = false;
  let terminated = false;
  let review = false;
  let status = "";
  let masteryScore = null;
  let saved = "";
  let storedScore = null;
  let unsaved = false;
  let refusals = 0;
  let sessionStart = Date.now();

  /* ---- API discovery ---- */

  function apiOf(win) {
    // Reading a property of a cross-origin window throws: that window simply has no usable API.
    try {
      const candidate = win.API;
      return candidate && typeof candidate.LMSInitialize === "function" ? candidate : null;
    } catch (error) {
      return null;
    }
  }

  function parentOf(win) {
    try {
      return win.parent && win.parent !== win ? win.parent : null;
    } catch (error) {
      return null;
    }
  }

  function searchUp(start) {
    let win = start;
    for (let hops = 0; win && hops <= MAX_HOPS; hops += 1) {
      const found = apiOf(win);
      if (found) return found;
      win = parentOf(win);
    }
    return null;
  }

  function openerOf(win) {
    try {
      return win && win.opener ? win.opener : null;
    } catch (error) {
      return null;
    }
  }

  function findApi() {
    // The frame chain first (Moodle's player frame), then the window that opened us ("new window" mode).
    let top = null;
    try {
      top = window.top;
    } catch (error) {
      top = null;
    }
    return searchUp(window) || searchUp(openerOf(window)) || searchUp(openerOf(top));
  }

  /* ---- Calls, each followed by an error check ---- */

  // SCORM 1.2 answers strings; null or undefined (some wrappers) mean nothing, not the text "null".
  const asText = (value) => (value === null || value === undefined ? "" : String(value));

  function call(method, element, value) {
    let result = "";
    try {
      const args = method === "LMSSetValue" ? [element, value] : [element];
      result = asText(api[method].apply(api, args));
    } catch (error) {
      console.warn("scormpack: " + method + "(" + element + ") threw", error);
      return "";
    }
    let code = "0";
    try {
      code = asText(api.LMSGetLastError());
    } catch (error) {
      code = "0";
    }
    if (code !== "0" && code !== "") {
      console.warn("scormpack: " + method + "(" + element + ") → SCORM error " + code);
    }
    return result;
  }

  function refused() {
    refusals += 1;
    if (unsaved) return;
    unsaved = true;
    try {
      window.dispatchEvent(new CustomEvent("scormpack:unsaved"));
    } catch (error) {
      // The flag in the snapshot still tells.
    }
  }

  const get = (element) => call("LMSGetValue", element);
  // Interactions are optional in SCORM 1.2 (an LMS may answer 401, not implemented) and session_time
  // is bookkeeping: their refusal loses no result. Any other refused write does.
  const optional = (element) => element.startsWith("cmi.interactions.") || element === "cmi.core.session_time";
  function set(element, value) {
    const accepted = call("LMSSetValue", element, String(value)) === "true";
    if (!accepted && !optional(element)) refused();
    return accepted;
  }
  const writable = () => api !== null && !terminated && !review;

  /* ---- Formats ---- */

  const pad = (number, width) => String(number).padStart(width, "0");

  // CMITimespan: HH[HH]:MM:SS.SS — Moodle rejects a 1-digit hour and more than 2 decimals.
  function timespan(milliseconds) {
    const max = 9999 * 360000 + 59 * 6000 + 5999;
    const centi = Math.min(max, Math.max(0, Math.round(milliseconds / 10)));
    const hours = Math.floor(centi / 360000);
    const minutes = Math.floor(centi / 6000) % 60;
    const seconds = Math.floor(centi / 100) % 60;
    return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(centi % 100, 2);
  }

  // CMITime: the learner's wall clock, 24 h.
  function clock(milliseconds) {
    const date = new Date(milliseconds);
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  // CMIDecimal: at most 2 decimals, never an exponent or a comma.
  function decimal(number) {
    return String(Math.round(Math.min(100, Math.max(0, number)) * 100) / 100);
  }

  function parseScore(text) {
    if (typeof text !== "string" || text.trim() === "") return null;
    const number = Number(text);
    return Number.isFinite(number) && number >= 0 && number <= 100 ? number : null;
  }

  /* ---- Life cycle ---- */

  function snapshot() {
    return { connected: api !== null, review, masteryScore, saved, status, score: storedScore, unsaved };
  }

  function commit() {
    if (!writable()) return;
    // Written at every commit: an LMS that loses the final LMSFinish still learns the time spent.
    set("cmi.core.session_time", timespan(Date.now() - sessionStart));
    if (call("LMSCommit", "") !== "true") refused();
  }

  function start() {
    if (started) return snapshot();
    started = true;
    sessionStart = Date.now();
    api = findApi();
    if (api === null) return snapshot();
    if (call("LMSInitialize", "") !== "true") {
      // An LMS is there but will record nothing (its session ended, another window holds it…): the
      // lesson goes on without it, and the learner is told that nothing counts.
      api = null;
      refused();
      return snapshot();
    }
    status = get("cmi.core.lesson_status");
    const entry = get("cmi.core.entry");
    // Moodle opens a finished attempt (passed, failed or completed) in review mode unless a new
    // attempt is started; browse is its preview. Either way its API stores nothing.
    const mode = get("cmi.core.lesson_mode");
    review = mode === "review" || mode === "browse";
    masteryScore = parseScore(get("cmi.student_data.mastery_score"));
    storedScore = parseScore(get("cmi.core.score.raw"));
    saved = get("cmi.suspend_data");
    listen();
    if (review) return snapshot();
    const firstLaunch = status === "not attempted" || status === "" || entry === "ab-initio";
    if (firstLaunch && !DONE_STATUSES.includes(status)) {
      set("cmi.core.lesson_status", "incomplete");
      status = "incomplete";
    }
    // Leaving before the end must let the learner resume; a finished quiz writes "" instead.
    if (!DONE_STATUSES.includes(status)) set("cmi.core.exit", "suspend");
    commit();
    return snapshot();
  }

  function save(text) {
    if (!writable() || typeof text !== "string" || text.length > SUSPEND_LIMIT) return false;
    saved = text;
    return set("cmi.suspend_data", text);
  }

  /* attempt = {
   *   items: [{id, source, response, answer, correct}]  (source/response/answer: one character each),
   *   score: 0–100, passed: boolean, final: boolean (no retry left, or passed),
   *   shownAt / submittedAt: epoch milliseconds, saved: the state for a relaunch
   * } */
  function recordAttempt(attempt) {
    if (!writable()) return false;
    const refusalsBefore = refusals;
    // Interactions are journaled: append after what previous attempts and sessions wrote.
    let next = parseInt(get("cmi.interactions._count"), 10);
    if (!Number.isFinite(next) || next < 0) next = 0;
    const latency = timespan(attempt.submittedAt - attempt.shownAt);
    const time = clock(attempt.shownAt);
    attempt.items.forEach((item, offset) => {
      const prefix = "cmi.interactions." + (next + offset) + ".";
      set(prefix + "id", IDENTIFIER.test(item.id) ? item.id : "item-" + item.source);
      set(prefix + "type", "matching");
      set(prefix + "time", time);
      set(prefix + "weighting", "1");
      // SCORM 1.2 matching: "source.target", one character on each side.
      set(prefix + "student_response", item.source + "." + item.response);
      set(prefix + "correct_responses.0.pattern", item.source + "." + item.answer);
      set(prefix + "result", item.correct ? "correct" : "wrong");
      set(prefix + "latency", latency);
    });
    if (attempt.final) {
      // min and max before raw: some runtimes check raw against them.
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      set("cmi.core.score.raw", decimal(attempt.score));
      status = attempt.passed ? "passed" : "failed";
    } else {
      // Tries are left: the attempt must stay open. Moodle counts "failed" as finished and reopens
      // a finished attempt in review mode, where nothing is stored; and with its default « mastery
      // score overrides status », any score.raw turns "incomplete" into "failed" at LMSFinish. So no
      // score until the quiz is over: the gradebook waits for the final result.
      status = "incomplete";
    }
    set("cmi.core.lesson_status", status);
    set("cmi.core.exit", attempt.final ? "" : "suspend");
    if (typeof attempt.saved === "string") save(attempt.saved);
    commit();
    // True when the LMS took all of it: the page then need not say this result is lost.
    return refusals === refusalsBefore;
  }

  function complete() {
    if (!writable()) return false;
    if (!DONE_STATUSES.includes(status)) {
      status = "completed";
      set("cmi.core.lesson_status", status);
    }
    // Viewing is all that is asked: full marks, or Moodle's default « highest grade » shows 0/100.
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", "100");
    set("cmi.core.exit", "");
    commit();
    return true;
  }

  function finish() {
    if (api === null || terminated) return false;
    if (!review) set("cmi.core.session_time", timespan(Date.now() - sessionStart));
    terminated = true;
    call("LMSFinish", "");
    return true;
  }

  function listen() {
    // pagehide, not unload/beforeunload: Chrome blocks unload in Moodle's player iframe.
    window.addEventListener("pagehide", finish);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") commit();
    });
  }

  window.ScormpackRuntime = Object.freeze({
    version: "1.2",
    start,
    getState: snapshot,
    save,
    recordAttempt,
    complete,
    finish,
  });
})();
