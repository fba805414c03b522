/* scormpack preview — the quiz review panel: the transcript with each pair's evidence highlighted,
 * the pairs to edit, remove or add, the left-out candidates to accept, and Save (PUT …/quiz), whose
 * refusals are shown beside the field they name, in the words of `scormpack build`. */
(function () {
  "use strict";
  const { api, slug, element } = window.Preview;
  const FLASH = "scormpack-preview-saved:" + slug;

  let pairs = [];
  let leftOut = [];
  let transcript = [];
  let derivedEvidence = {};

  function evidenceOf(pair) {
    if (pair.evidence && pair.evidence.some((e) => !/^reviewed pair in /.test(e.text))) return pair.evidence;
    return derivedEvidence[pair.id] || [];
  }

  /* ---- transcript ---- */

  function marksFor(paragraph) {
    const ranges = [];
    const add = (item, kind) => {
      for (const evidence of evidenceOf(item)) {
        if (evidence.line < paragraph.first_line || evidence.line > paragraph.last_line) continue;
        const at = paragraph.text.indexOf(evidence.text);
        const start = at < 0 ? 0 : at;
        const end = at < 0 ? paragraph.text.length : at + evidence.text.length;
        ranges.push({ start, end, label: item.actor, kind });
      }
    };
    pairs.forEach((pair) => add(pair, "pair"));
    leftOut.forEach((candidate) => add(candidate, "left-out"));
    ranges.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range.start < last.end) {
        last.end = Math.max(last.end, range.end);
        if (!last.labels.includes(range.label)) last.labels.push(range.label);
        if (range.kind === "pair") last.kind = "pair";
      } else {
        merged.push({ start: range.start, end: range.end, labels: [range.label], kind: range.kind });
      }
    }
    return merged;
  }

  function showTranscript() {
    const paragraphs = transcript.map((paragraph) => {
      const made = element("p", { className: "transcript-paragraph" });
      made.append(element("span", { className: "line-number", textContent: "l. " + paragraph.first_line + " " }));
      let at = 0;
      for (const mark of marksFor(paragraph)) {
        made.append(paragraph.text.slice(at, mark.start));
        const label = (mark.kind === "pair" ? "Preuve : " : "Écarté : ") + mark.labels.join(", ");
        made.append(element("mark", { className: "evidence " + mark.kind, title: label, textContent: paragraph.text.slice(mark.start, mark.end) }));
        at = mark.end;
      }
      made.append(paragraph.text.slice(at));
      return made;
    });
    document.getElementById("transcription").replaceChildren(...paragraphs);
  }

  /* ---- pairs ---- */

  function fieldError(field) {
    return element("p", { className: "field-error", hidden: true, id: "erreur-" + field.replace(/[^a-z0-9]+/gi, "-") });
  }

  function showPairs() {
    const rows = pairs.map((pair, index) => {
      const where = "pairs[" + (index + 1) + "]";
      const actor = element("input", { type: "text", value: pair.actor, name: "actor", id: "acteur-" + index });
      actor.dataset.field = where + ".actor";
      actor.addEventListener("input", () => {
        pair.actor = actor.value;
      });
      const role = element("textarea", { value: pair.role, name: "role", rows: 3, id: "role-" + index });
      role.dataset.field = where + ".role";
      role.addEventListener("input", () => {
        pair.role = role.value;
      });
      const remove = element("button", { type: "button", className: "remove", textContent: "Retirer" });
      remove.addEventListener("click", () => {
        pairs.splice(index, 1);
        showAll();
      });
      const confidence = pair.confidence === null || pair.confidence === undefined ? "relue" : "confiance " + pair.confidence.toFixed(2);
      const lines = [...new Set(evidenceOf(pair).map((e) => "l. " + e.line))].join(", ");
      const row = element("li", { className: "pair" }, [
        element("p", { className: "pair-meta muted", textContent: (pair.id ? "id " + pair.id : "nouvelle paire") + " · " + confidence + (lines ? " · " + lines : "") }),
        fieldError(where),
        element("label", { htmlFor: actor.id, textContent: "Acteur" }),
        actor,
        fieldError(where + ".actor"),
        element("label", { htmlFor: role.id, textContent: "Rôle" }),
        role,
        fieldError(where + ".role"),
        remove,
      ]);
      row.dataset.index = String(index);
      return row;
    });
    document.getElementById("paires").replaceChildren(...rows);
  }

  function showLeftOut() {
    const items = leftOut.map((candidate, index) => {
      const accept = element("button", { type: "button", className: "accept", textContent: "Accepter" });
      accept.addEventListener("click", () => {
        leftOut.splice(index, 1);
        pairs.push({ id: "", actor: candidate.actor, role: candidate.role, confidence: candidate.confidence, evidence: candidate.evidence });
        showAll();
      });
      return element("li", {}, [
        element("strong", { textContent: candidate.actor }),
        " — " + candidate.role + " ",
        element("span", { className: "muted", textContent: "(" + candidate.reason + ") " }),
        accept,
      ]);
    });
    document.getElementById("ecartes").replaceChildren(...(items.length ? items : [element("li", { className: "muted", textContent: "aucun" })]));
  }

  function showAll() {
    showPairs();
    showLeftOut();
    showTranscript();
  }

  /* ---- save ---- */

  function clearErrors() {
    for (const shown of document.querySelectorAll(".field-error")) {
      shown.hidden = true;
      shown.textContent = "";
    }
    for (const field of document.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  }

  function showProblem(problem) {
    const id = "erreur-" + problem.field.replace(/[^a-z0-9]+/gi, "-");
    let target = document.getElementById(id);
    if (!target) {
      // A pair's key without its own box (e.g. its id): shown at the top of that pair.
      const pair = /^pairs\[\d+\]/.exec(problem.field);
      target = pair ? document.getElementById("erreur-" + pair[0].replace(/[^a-z0-9]+/gi, "-")) : null;
    }
    const field = document.querySelector('[data-field="' + problem.field + '"]');
    if (field) field.setAttribute("aria-invalid", "true");
    if (target) {
      target.textContent = problem.message;
      target.hidden = false;
    }
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const message = document.getElementById("quiz-message");
    message.className = "";
    message.textContent = "Enregistrement…";
    const body = { pairs: pairs.map((pair) => ({ id: pair.id, actor: pair.actor, role: pair.role })) };
    const { ok, data } = await api("PUT", "/api/resources/" + slug + "/quiz", body);
    if (!ok) {
      message.className = "error";
      message.textContent = data.error;
      (data.problems || []).forEach(showProblem);
      return;
    }
    const done = "Enregistré : " + data.written + (data.warnings.length ? " · " + data.warnings.join(" · ") : "");
    sessionStorage.setItem(FLASH, done);
    message.className = "ok";
    message.textContent = done;
  }

  async function start() {
    const { data } = await api("GET", "/api/resources/" + slug);
    pairs = data.pairs.map((pair) => Object.assign({}, pair));
    leftOut = data.left_out.map((candidate) => Object.assign({}, candidate));
    transcript = data.transcript;
    derivedEvidence = data.derived_evidence;
    document.getElementById("quiz-origine").textContent =
      data.quiz_origin === "file" ? "Quiz relu : le fichier .quiz.yaml est utilisé par build." : "Quiz dérivé de la transcription (pas encore de .quiz.yaml).";
    showAll();
    const flash = sessionStorage.getItem(FLASH);
    if (flash) {
      sessionStorage.removeItem(FLASH);
      const message = document.getElementById("quiz-message");
      message.className = "ok";
      message.textContent = flash;
    }
    document.getElementById("ajouter-paire").addEventListener("click", () => {
      pairs.push({ id: "", actor: "", role: "", confidence: null, evidence: [] });
      showAll();
      document.getElementById("acteur-" + (pairs.length - 1)).focus();
    });
    document.getElementById("quiz-form").addEventListener("submit", save);
    document.body.classList.add("review-ready");
  }

  start();
})();
