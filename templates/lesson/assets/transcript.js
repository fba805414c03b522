/* scormpack — « Imprimer la transcription ».
 *
 * The button stays hidden until this script shows it, so that a page without scripts offers nothing
 * it cannot do. Printing from the button or with Ctrl+P gives the same page: the print view is the
 * print style sheet's (transcript.css), not something this script builds.
 */
(function () {
  "use strict";

  const button = document.getElementById("imprimer");
  if (!button || typeof window.print !== "function") return;
  button.addEventListener("click", () => window.print());
  button.hidden = false;
})();
