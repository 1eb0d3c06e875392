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

// Inline formsets (templates/partials/_formset.html): "Add a row" copies the empty-row <template>
// with the next index and bumps TOTAL_FORMS. Without JavaScript the button stays hidden and the
// blank rows the formset always offers still work.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-formset-add]");
  if (!button) return;
  var prefix = button.dataset.formsetAdd;
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var rows = document.querySelector('[data-formset-rows="' + prefix + '"]');
  var template = document.getElementById(prefix + "-empty-row");
  if (!total || !rows || !template) return;
  var index = parseInt(total.value, 10);
  rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
  total.value = index + 1;
  var first = rows.lastElementChild.querySelector("select, input:not([type=hidden]), textarea");
  if (first) first.focus();
});

// Plan tree (actionplans plan_detail.html): "Expand all" / "Collapse all" open or close every
// <details> in the tree; each one works on its own without this.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-tree-toggle]");
  if (!button) return;
  var open = button.dataset.treeToggle === "open";
  document.querySelectorAll(".plan-tree details").forEach(function (d) { d.open = open; });
});

// Controls that only work with JavaScript are rendered hidden and shown here, on the first
// page load and in content htmx swaps in.
function revealEnhancements(root) {
  root.querySelectorAll("[data-formset-add], [data-tree-toggle]").forEach(function (el) {
    var prefix = el.dataset.formsetAdd;
    if (prefix && !document.getElementById(prefix + "-empty-row")) return;
    el.hidden = false;
  });
}
revealEnhancements(document);
document.addEventListener("htmx:load", function (event) { revealEnhancements(event.target); });

// A select that names a radio in data-check-on-change (the import's owner choices) ticks it
// when something is chosen: picking a person means "Pick another person".
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-check-on-change]");
  if (!select || !select.value) return;
  var radio = document.getElementById(select.dataset.checkOnChange);
  if (radio) radio.checked = true;
});

// After htmx swaps content in, the keyboard focus goes where the new content says
// ([data-focus-after-swap]: the applicant card just moved, or the link to what stopped a move),
// instead of being lost with the element that was replaced.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector("[data-focus-after-swap]");
  if (!target) return;
  target.removeAttribute("data-focus-after-swap");
  target.focus();
});

// A table wider than its box scrolls inside it (.table-responsive). Keyboard users must be able to
// scroll it too: a box that scrolls and holds nothing focusable becomes a named, focusable region
// (WCAG 2.1.1), and stops being one when the window is wide enough again.
function makeScrollingTablesFocusable() {
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth;
    var hasFocusable = box.querySelector("a[href], button, input, select, textarea, [tabindex]");
    if (scrolls && !hasFocusable) {
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
makeScrollingTablesFocusable();
document.addEventListener("htmx:load", makeScrollingTablesFocusable);
var resizeTimer;
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(makeScrollingTablesFocusable, 150);
});
