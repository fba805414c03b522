/* scormpack preview — shared by the pages: the API client (with the per-run token) and the reload
 * on rebuild (server-sent events). */
(function () {
  "use strict";

  const meta = (name) => {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : "";
  };
  const token = meta("scormpack-token");

  // Writes in flight: a reload waits for them, so that their answers (a save's message) are not lost.
  let writing = 0;
  let reloadWanted = false;

  function reloadWhenIdle() {
    if (writing === 0) location.reload();
    else reloadWanted = true;
  }

  async function api(method, path, body) {
    if (method !== "GET") writing += 1;
    try {
      return await request(method, path, body);
    } finally {
      if (method !== "GET") {
        writing -= 1;
        // After the caller has handled the answer (its code runs before a timer does).
        if (writing === 0 && reloadWanted) setTimeout(() => location.reload(), 0);
      }
    }
  }

  async function request(method, path, body) {
    const options = { method, headers: { "X-Scormpack-Token": token } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const data = await response.json();
    return { ok: response.ok, status: response.status, data };
  }

  function element(tag, properties, children) {
    const made = document.createElement(tag);
    Object.assign(made, properties || {});
    for (const child of children || []) {
      made.append(child);
    }
    return made;
  }

  // Reload when a rebuild changed what this page shows (`slug`), or anything for the catalogue.
  function reloadOnRebuild(slug) {
    const events = new EventSource("/api/events");
    events.addEventListener("rebuild", (message) => {
      const event = JSON.parse(message.data);
      if (!slug || event.changed.includes(slug)) {
        reloadWhenIdle();
      }
    });
    window.addEventListener("pagehide", () => events.close());
  }

  window.Preview = Object.freeze({ token, slug: meta("scormpack-slug"), api, element, reloadOnRebuild });
})();
