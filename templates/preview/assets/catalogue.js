/* scormpack preview — the catalogue: one row per resource, from GET /api/resources. */
(function () {
  "use strict";
  const { api, element, reloadOnRebuild } = window.Preview;

  function buildCell(resource) {
    const cell = element("td", { className: resource.status === "error" ? "status-error" : "status-ok" });
    cell.append(element("span", { className: "status", textContent: resource.status === "error" ? "erreur" : "construit" }));
    if (resource.error) cell.append(element("pre", { className: "error", textContent: resource.error }));
    for (const warning of resource.warnings) {
      cell.append(element("pre", { className: "warning", textContent: warning }));
    }
    return cell;
  }

  function quizCell(resource) {
    const quiz = resource.quiz;
    const parts = [
      quiz.pairs + " paire(s)",
      quiz.low_confidence + " à confiance faible",
      quiz.left_out + " écartée(s)",
      quiz.reviewed_file ? "fichier .quiz.yaml relu" : "dérivé (pas de .quiz.yaml)",
    ];
    return element("td", { className: "quiz", textContent: parts.join(" · ") });
  }

  function attemptCell(resource) {
    const latest = resource.latest_attempt;
    if (!latest) return element("td", { className: "attempt muted", textContent: "aucune" });
    const score = latest.score === "" ? "sans score" : "score " + latest.score;
    const text = "n° " + latest.number + " : " + latest.lesson_status + ", " + score;
    return element("td", { className: "attempt", textContent: text });
  }

  async function show() {
    const { data } = await api("GET", "/api/resources");
    document.getElementById("etat-format").textContent =
      data.resources.length + " ressource(s), format " + data.format;
    const settings = document.getElementById("erreur-reglages");
    settings.hidden = !data.settings_error;
    settings.textContent = data.settings_error || "";
    const body = document.querySelector("#catalogue tbody");
    body.replaceChildren(
      ...data.resources.map((resource) => {
        const link = element("a", { href: "/resources/" + resource.slug, textContent: resource.title });
        const title = element("th", { scope: "row" }, [link, element("div", { className: "muted small", textContent: resource.source })]);
        const row = element("tr", {}, [
          title,
          element("td", { textContent: resource.area }),
          buildCell(resource),
          quizCell(resource),
          attemptCell(resource),
        ]);
        row.dataset.slug = resource.slug;
        return row;
      }),
    );
    document.body.classList.add("ready");
  }

  reloadOnRebuild(null);
  show();
})();
