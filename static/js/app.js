// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", function (event) {
  alert("Sorry, that did not save (" + event.detail.xhr.status + "). Please reload the page and try again.");
});

// Staff picker (workforce/widgets.py): a result button adds that person to the select beside it.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-pick-into]");
  if (!button) return;
  var select = document.getElementById(button.dataset.pickInto);
  if (!select) return;
  var option = Array.prototype.find.call(select.options, function (o) { return o.value === button.dataset.value; });
  if (!option) {
    option = new Option(button.dataset.label, button.dataset.value);
    select.add(option);
  }
  if (!select.multiple) {
    Array.prototype.forEach.call(select.options, function (o) { o.selected = false; });
  }
  option.selected = true;
  if (select.multiple) select.size = Math.min(Math.max(select.options.length, 2), 8);
  var results = button.parentElement;
  results.innerHTML = "";
  var note = document.createElement("p");
  note.className = "small text-success mb-0";
  note.textContent = button.dataset.label + " chosen.";
  results.appendChild(note);
  select.dispatchEvent(new Event("change", { bubbles: true }));
});
