// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", function (event) {
  alert("Sorry, that did not save (" + event.detail.xhr.status + "). Please reload the page and try again.");
});
