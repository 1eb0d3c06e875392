// The letter page's Print button: shown only with JavaScript (without it, the browser's own
// Print command does the same, and the page says so). A file, not an inline script: CSP-safe.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
