/* scormpack — the lesson's matching quiz (which actor plays which role).
 *
 * Plain form controls do the accessibility work: one labelled <select> per role, a submit button,
 * a status region that receives the focus after grading. Tracking goes through
 * window.ScormpackRuntime (scorm12.js today, another standard's adapter tomorrow); without it, or
 * without any LMS, the quiz works the same and says nothing on the console.
 */
(function () {
  "use strict";

  // Stands in for the runtime when its script is missing, so the quiz never depends on it.
  const NO_RUNTIME = Object.freeze({
    start: () => ({ connected: false, review: false, masteryScore: null, saved: "", score: null, unsaved: false }),
    getState: () => ({ connected: false, review: false, masteryScore: null, saved: "", score: null, unsaved: false }),
    save: () => false,
    recordAttempt: () => false,
    complete: () => false,
    finish: () => false,
  });
  const runtime = window.ScormpackRuntime || NO_RUNTIME;
  // 2: answers keyed by each role's own character (1 had them by position, guarded by a hash of
  // the whole quiz, so that any edit of the quiz threw every saved answer away).
  const STATE_VERSION = 2;
  const NO_ANSWER = "-";

  // Review (or browse) mode: the LMS replays a finished attempt and stores nothing. Say so first.
  function announceReview(session) {
    const notice = document.getElementById("consultation");
    if (session.review && notice) notice.hidden = false;
    if (session.unsaved) announceUnsaved();
    return session.review;
  }

  // An LMS that refuses to record (its session ended, a commit failed): a score on the page must not
  // pass for one the LMS holds. The runtime says so whenever it happens, even on a background commit.
  function announceUnsaved() {
    const notice = document.getElementById("non-enregistre");
    if (notice) notice.hidden = false;
  }
  window.addEventListener("scormpack:unsaved", announceUnsaved);

  const form = document.getElementById("quiz");
  const dataNode = document.getElementById("quiz-data");
  const data = form && dataNode ? readData(dataNode) : null;

  if (data === null) {
    // A lesson without quiz is done once it has been opened.
    announceReview(runtime.start());
    runtime.complete();
    return;
  }

  function readData(node) {
    try {
      const parsed = JSON.parse(node.textContent);
      return Array.isArray(parsed.items) && parsed.items.length > 0 ? parsed : null;
    } catch (error) {
      return null;
    }
  }

  /* ---- Text ---- */

  const ui = data.ui || {};

  // "{name}" placeholders; French plural: 0 and 1 take the singular ("_one"), the rest "_other".
  function text(key, values) {
    const template = ui[key] !== undefined ? String(ui[key]) : key;
    return template.replace(/\{(\w+)\}/g, (match, name) =>
      values && values[name] !== undefined ? String(values[name]) : match,
    );
  }

  function plural(key, count, values) {
    return text(key + (count <= 1 ? "_one" : "_other"), Object.assign({ count }, values));
  }

  // The page shows a French decimal comma; the LMS gets the dot.
  const frenchNumber = (number) => String(Math.round(number * 100) / 100).replace(".", ",");

  /* ---- The quiz ---- */

  const elements = {
    submit: document.getElementById("valider"),
    retry: document.getElementById("recommencer"),
    result: document.getElementById("resultat"),
    attempts: document.getElementById("essais"),
  };
  const items = data.items
    .map((item) => ({
      id: String(item.id),
      source: String(item.source),
      answer: String(item.answer),
      select: document.getElementById("choix-" + item.id),
      feedback: document.getElementById("retour-" + item.id),
      row: document.getElementById("item-" + item.id),
    }))
    .filter((item) => item.select && item.feedback && item.row);
  if (items.length === 0) {
    // Data without its markup: nothing to answer, so the page counts as a lesson without quiz.
    announceReview(runtime.start());
    runtime.complete();
    return;
  }
  const maxAttempts = Math.max(1, parseInt(form.dataset.attempts, 10) || Number(data.attempts) || 1);
  const quiz = { attemptsUsed: 0, finished: false, graded: false, locked: false, shownAt: Date.now() };

  const session = runtime.start();
  const reviewing = announceReview(session);
  const masteryScore = session.masteryScore !== null && session.masteryScore !== undefined
    ? session.masteryScore
    : Number(data.masteryScore);

  /* ---- Saved state (suspend data): {"v":2,"n":attempts used,"f":0|1|2,"r":"3d0-k2…"} ----
   * "r" holds, for each role, its own character then the chosen actor's letter ("-": none). Both
   * characters depend only on the pairs' ids, so a package rebuilt after a content fix restores
   * every unchanged pair's answer, and a role added since simply starts empty. "f": 1 the quiz is
   * over; 2 tries are left and the answers are those of the try just graded (before « Réessayer »):
   * a relaunch then shows that try's feedback again; 0 the learner is at the next try. A third value
   * rather than a new key keeps the state short (36 roles stay near 100 characters) and readable by
   * an older script, which takes 2 for 0. */

  function serialize() {
    return JSON.stringify({
      v: STATE_VERSION,
      n: quiz.attemptsUsed,
      f: quiz.finished ? 1 : quiz.locked ? 2 : 0,
      r: items.map((item) => item.source + (item.select.value || NO_ANSWER)).join(""),
    });
  }

  function restore(saved) {
    let state;
    try {
      state = JSON.parse(saved);
    } catch (error) {
      return false;
    }
    if (!state || state.v !== STATE_VERSION) return false;
    const answers = typeof state.r === "string" ? state.r : "";
    if (answers.length % 2 !== 0) return false;
    for (let index = 0; index < answers.length; index += 2) {
      // Compared with the page's own values, never put in a selector: the saved text is not trusted.
      const item = items.find((candidate) => candidate.source === answers[index]);
      const value = answers[index + 1];
      if (item && value !== NO_ANSWER && Array.from(item.select.options).some((option) => option.value === value)) {
        item.select.value = value;
      }
    }
    quiz.attemptsUsed = Math.min(maxAttempts, Math.max(0, parseInt(state.n, 10) || 0));
    quiz.finished = state.f === 1 || quiz.attemptsUsed >= maxAttempts;
    quiz.graded = state.f === 2 && quiz.attemptsUsed > 0;
    return true;
  }

  /* ---- Grading ---- */

  function grade() {
    const results = items.map((item) => ({
      item,
      response: item.select.value,
      correct: item.select.value === item.answer,
    }));
    const correct = results.filter((result) => result.correct).length;
    const score = Math.round((correct * 10000) / items.length) / 100;
    return { results, correct, score, passed: score >= masteryScore };
  }

  /* ---- Display ---- */

  function labelOf(target) {
    return data.labels && data.labels[target] ? data.labels[target] : target;
  }

  function setFeedback(item, kind, message) {
    const node = item.feedback;
    node.textContent = "";
    node.className = "quiz-feedback quiz-feedback--" + kind;
    const icon = { correct: "icon_correct", incorrect: "icon_incorrect", missing: "icon_missing" }[kind];
    if (icon && ui[icon]) {
      const mark = document.createElement("span");
      mark.className = "quiz-icon";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = ui[icon];
      node.append(mark, " ");
    }
    node.append(message);
    node.hidden = false;
    item.row.dataset.state = kind;
  }

  function clearFeedback(item) {
    item.feedback.hidden = true;
    item.feedback.textContent = "";
    item.select.removeAttribute("aria-invalid");
    delete item.row.dataset.state;
  }

  function showResultLines(lines) {
    elements.result.textContent = "";
    lines.forEach((line, index) => {
      const paragraph = document.createElement("p");
      if (index === 0) paragraph.className = "quiz-score";
      paragraph.textContent = line;
      elements.result.append(paragraph);
    });
    elements.result.hidden = false;
  }

  function showAttemptsInfo() {
    // While the feedback is shown, the number is that of the attempt just graded.
    const number = quiz.locked ? quiz.attemptsUsed : quiz.attemptsUsed + 1;
    elements.attempts.textContent = quiz.finished
      ? text("finished")
      : text("attempt", { number, total: maxAttempts });
  }

  function lock(locked) {
    quiz.locked = locked;
    items.forEach((item) => {
      item.select.disabled = locked;
    });
    elements.submit.hidden = locked;
    elements.retry.hidden = !locked || quiz.finished;
  }

  function render(outcome) {
    const showAnswers = quiz.finished;
    outcome.results.forEach((result) => {
      let message = text(result.correct ? "correct" : "incorrect");
      if (!result.correct && showAnswers) {
        message = text("incorrect_with_answer", { answer: labelOf(result.item.answer) });
      }
      setFeedback(result.item, result.correct ? "correct" : "incorrect", message);
    });
    const lines = [
      plural("score", outcome.correct, {
        score: frenchNumber(outcome.score),
        correct: outcome.correct,
        total: items.length,
      }),
      text(outcome.passed ? "passed" : "failed", { mastery: frenchNumber(masteryScore) }),
    ];
    const left = maxAttempts - quiz.attemptsUsed;
    if (!quiz.finished) lines.push(plural("attempts_left", left));
    else if (!outcome.passed) lines.push(text("answers_shown"));
    else if (outcome.correct < items.length) lines.push(text("answers_below"));
    showResultLines(lines);
    form.dataset.outcome = outcome.passed ? "passed" : "failed";
    lock(true);
    showAttemptsInfo();
  }

  /* ---- Events ---- */

  function onSubmit(event) {
    event.preventDefault();
    if (quiz.locked) return;
    const missing = items.filter((item) => !item.select.value);
    if (missing.length > 0) {
      reportMissing(missing);
      return;
    }
    const submittedAt = Date.now();
    quiz.attemptsUsed += 1;
    const outcome = grade();
    quiz.finished = outcome.passed || quiz.attemptsUsed >= maxAttempts;
    render(outcome);
    const recorded = runtime.recordAttempt({
      items: outcome.results.map((result) => ({
        id: result.item.id,
        source: result.item.source,
        response: result.response,
        answer: result.item.answer,
        correct: result.correct,
      })),
      score: outcome.score,
      passed: outcome.passed,
      final: quiz.finished,
      shownAt: quiz.shownAt,
      submittedAt,
      saved: serialize(),
    });
    if (!recorded && runtime.getState().unsaved) {
      // In the focused status region, heard with the score; the notice at the top says what to do.
      const warning = document.createElement("p");
      warning.className = "quiz-unsaved";
      warning.textContent = text("unsaved_result");
      elements.result.append(warning);
    }
    announceResult();
  }

  // Screen readers announce the focused status region: the score is the first thing heard.
  function announceResult() {
    elements.result.focus();
  }

  function reportMissing(missing) {
    items.forEach((item) => {
      if (!item.select.value) {
        setFeedback(item, "missing", text("missing_item"));
        item.select.setAttribute("aria-invalid", "true");
      } else if (item.row.dataset.state === "missing") {
        clearFeedback(item);
      }
    });
    // No attempt is used: the learner only gets told what is left to do.
    showResultLines([plural("missing", missing.length)]);
    missing[0].select.focus();
  }

  function onRetry() {
    items.forEach(clearFeedback);
    elements.result.textContent = "";
    delete form.dataset.outcome;
    quiz.shownAt = Date.now();
    lock(false);
    showAttemptsInfo();
    // The first wrong answer is where the learner has work to do.
    const firstWrong = items.find((item) => item.select.value !== item.answer) || items[0];
    firstWrong.select.focus();
  }

  function onChange(event) {
    const item = items.find((candidate) => candidate.select === event.target);
    if (item && item.row.dataset.state === "missing") clearFeedback(item);
    // Keeps half-done answers across a relaunch; the LMS only sends it at the next commit.
    runtime.save(serialize());
  }

  /* ---- Review: the stored answers, read-only; nothing to submit, so no new score is implied ---- */

  function renderReview(restored) {
    const answered = restored && items.some((item) => item.select.value);
    if (answered) {
      grade().results.forEach((result) => {
        if (!result.response) {
          setFeedback(result.item, "missing", text("review_unanswered"));
        } else if (result.correct) {
          setFeedback(result.item, "correct", text("correct"));
        } else {
          const message = quiz.finished
            ? text("incorrect_with_answer", { answer: labelOf(result.item.answer) })
            : text("incorrect");
          setFeedback(result.item, "incorrect", message);
        }
      });
    }
    const lines = [];
    if (session.score !== null && session.score !== undefined) {
      lines.push(text("review_score", { score: frenchNumber(session.score) }));
    }
    lines.push(text(answered ? "review_answers" : "review_empty"));
    showResultLines(lines);
    quiz.locked = true;
    items.forEach((item) => {
      item.select.disabled = true;
    });
    elements.submit.hidden = true;
    elements.retry.hidden = true;
    elements.attempts.textContent = text("review_attempts", { used: quiz.attemptsUsed, total: maxAttempts });
    form.dataset.mode = "review";
  }

  /* ---- Start ---- */

  if (reviewing) {
    renderReview(Boolean(session.saved) && restore(session.saved));
    // Nothing to grade; and without this the browser would submit the form itself and reload the page.
    form.addEventListener("submit", (event) => event.preventDefault());
    form.classList.add("quiz-form--ready");
    return;
  }

  if (session.saved && restore(session.saved)) {
    const complete = items.every((item) => item.select.value);
    if (quiz.finished) {
      if (complete) {
        render(grade());
      } else {
        // A finished quiz always saved complete answers; anything else is not trusted as finished.
        quiz.finished = false;
        quiz.attemptsUsed = Math.min(quiz.attemptsUsed, maxAttempts - 1);
      }
    } else if (quiz.graded && complete) {
      // Left right after a wrong try: its feedback again, as the submission showed it. Graded from
      // the restored answers and the page's own data; nothing is sent until the learner acts.
      const outcome = grade();
      // A passed try always ended the quiz: such a state is not trusted as graded.
      if (!outcome.passed) {
        render(outcome);
        announceResult();
      }
    }
  }
  showAttemptsInfo();
  form.addEventListener("submit", onSubmit);
  form.addEventListener("change", onChange);
  elements.retry.addEventListener("click", onRetry);
  form.classList.add("quiz-form--ready");
})();
