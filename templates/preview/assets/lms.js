/* scormpack preview — the local LMS: a SCORM 1.2 `API` object in this page (the lesson finds it from
 * its frame, as in Moodle's player), each call answered by the preview server's data model, which
 * applies Moodle's checks and keeps the values per resource and attempt. The side panel shows the
 * stored CMI state, the calls and the errors. */
(function () {
  "use strict";
  const { api, token, slug, element, reloadOnRebuild } = window.Preview;

  // The data model's error strings, from the server's own table (one list, in scormpack.preview.cmi).
  const ERRORS = JSON.parse(document.querySelector('meta[name="scormpack-cmi-errors"]').content);

  let attempt = null;
  let lastError = "0";
  let lastDiagnostic = "";
  let leaving = false;
  let refreshTimer = null;
  const frame = document.getElementById("lecon");

  function callUrl() {
    return "/api/resources/" + slug + "/attempts/" + attempt + "/calls";
  }

  // Synchronous, as Moodle's player does: the SCO needs each answer before it goes on. Once this page
  // is being left, a request may no longer block, so the call goes as a beacon (its answer unknown).
  function send(method, name, value) {
    const failed = method === "LMSGetValue" ? "" : "false";
    if (attempt === null) {
      lastError = "301";
      lastDiagnostic = "the preview has not launched an attempt";
      return failed;
    }
    const body = JSON.stringify({ method, element: name, value, token });
    if (!leaving) {
      try {
        const request = new XMLHttpRequest();
        request.open("POST", callUrl(), false);
        request.setRequestHeader("Content-Type", "application/json");
        request.setRequestHeader("X-Scormpack-Token", token);
        request.send(body);
        const answer = JSON.parse(request.responseText);
        scheduleRefresh();
        if (request.status !== 200) {
          lastError = "101";
          lastDiagnostic = answer.error || "";
          return failed;
        }
        lastError = answer.error;
        lastDiagnostic = answer.flag;
        return answer.result;
      } catch (error) {
        // Refused during a page dismissal: fall back to a beacon below.
      }
    }
    navigator.sendBeacon(callUrl(), new Blob([body], { type: "application/json" }));
    lastError = "0";
    return method === "LMSGetValue" ? "" : "true";
  }

  const text = (value) => (value === undefined || value === null ? "" : String(value));

  window.API = Object.freeze({
    LMSInitialize: (argument) => send("LMSInitialize", text(argument), ""),
    LMSFinish: (argument) => send("LMSFinish", text(argument), ""),
    LMSGetValue: (name) => send("LMSGetValue", text(name), ""),
    LMSSetValue: (name, value) => send("LMSSetValue", text(name), text(value)),
    LMSCommit: (argument) => send("LMSCommit", text(argument), ""),
    LMSGetLastError: () => lastError,
    LMSGetErrorString: (code) => ERRORS[text(code)] || "",
    LMSGetDiagnostic: () => lastDiagnostic,
  });

  window.addEventListener("pagehide", () => {
    leaving = true;
  });

  /* ---- the panel ---- */

  function scheduleRefresh() {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      refresh();
    }, 60);
  }

  function setText(id, value) {
    document.getElementById(id).textContent = value === undefined || value === "" ? "—" : value;
  }

  function interactions(values) {
    const records = [];
    for (const [key, value] of Object.entries(values)) {
      const match = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      records[index] = records[index] || {};
      records[index][match[2]] = value;
    }
    return records;
  }

  async function refresh() {
    const { data } = await api("GET", "/api/resources/" + slug + "/attempts");
    const latest = data.attempts[data.attempts.length - 1];
    const values = latest ? latest.values : {};
    const calls = latest ? latest.calls : [];
    setText("cmi-tentative", latest ? "n° " + latest.number + " (lancement " + latest.launches + ")" : "");
    setText("cmi-status", values["cmi.core.lesson_status"]);
    setText("cmi-score", values["cmi.core.score.raw"]);
    setText("cmi-session-time", values["cmi.core.session_time"]);
    setText("cmi-total-time", values["cmi.core.total_time"]);
    setText("cmi-exit", values["cmi.core.exit"]);
    setText("cmi-suspend", values["cmi.suspend_data"]);
    const rows = interactions(values).map((record, index) =>
      element("tr", {}, [
        element("td", { textContent: String(index) }),
        element("td", { textContent: text(record.id) }),
        element("td", { textContent: text(record.student_response) }),
        element("td", { textContent: text(record["correct_responses.0.pattern"]) }),
        element("td", { textContent: text(record.result) }),
      ]),
    );
    document.querySelector("#cmi-interactions tbody").replaceChildren(...rows);
    // Refusals (an error code), and values Moodle lets through that the SCORM types do not allow.
    const refused = calls.filter((call) => call.error !== "0" || call.flag);
    const errors = document.getElementById("cmi-erreurs");
    if (refused.length === 0) {
      errors.replaceChildren(element("li", { className: "muted", textContent: "aucun" }));
    } else {
      errors.replaceChildren(
        ...refused.map((call) =>
          element("li", {
            className: call.error === "0" ? "warning" : "",
            textContent: call.error === "0" ? call.method + " : " + call.flag : call.method + " → " + call.error + " (" + (ERRORS[call.error] || "") + ") : " + call.flag,
          }),
        ),
      );
    }
    setText("cmi-nb-appels", String(calls.length));
    const list = calls.slice(-300).map((call) => {
      const args = call.method === "LMSSetValue" ? call.element + ", " + JSON.stringify(call.value) : call.element;
      const line = call.method + "(" + args + ") → " + JSON.stringify(call.result) + (call.error !== "0" ? " erreur " + call.error : "");
      return element("li", { className: call.error !== "0" ? "refused" : "", textContent: line });
    });
    document.getElementById("cmi-appels").replaceChildren(...list);
    document.body.dataset.lmsRefreshed = String(Date.now());
  }

  /* ---- launching ---- */

  let launchUrl = null;

  function unloadLesson() {
    return new Promise((resolve) => {
      if (frame.getAttribute("src") === "about:blank") {
        resolve();
        return;
      }
      frame.addEventListener("load", () => resolve(), { once: true });
      frame.setAttribute("src", "about:blank");
    });
  }

  async function launch(newAttempt) {
    if (!launchUrl) return;
    await unloadLesson();
    const { data } = await api("POST", "/api/resources/" + slug + "/attempts", { new: newAttempt });
    attempt = data.attempt;
    frame.setAttribute("src", launchUrl);
    await refresh();
  }

  async function clear() {
    await unloadLesson();
    attempt = null;
    await api("DELETE", "/api/resources/" + slug + "/attempts");
    await launch(true);
  }

  async function start() {
    const { data } = await api("GET", "/api/resources/" + slug);
    const status = document.getElementById("statut-construction");
    status.textContent = data.error ? data.error : "construit" + (data.warnings.length ? " · " + data.warnings.join(" · ") : "");
    status.className = data.error ? "error" : "muted";
    launchUrl = data.launch;
    if (!launchUrl) {
      document.getElementById("sans-lecon").hidden = false;
      frame.hidden = true;
      return;
    }
    document.getElementById("nouvelle-tentative").addEventListener("click", () => launch(true));
    document.getElementById("relancer").addEventListener("click", () => launch(false));
    document.getElementById("effacer").addEventListener("click", () => clear());
    await launch(false);
  }

  reloadOnRebuild(slug);
  start();
})();
