// Suprovid: confirmation before destructive actions, for forms marked data-confirm.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Language switch: return to the address as it is now (HTMX may have pushed filters into
// it after the page loaded), not as it was rendered.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.id !== "lang-select") { return; }
  var form = select.form;
  form.querySelector("input[name=next]").value = window.location.pathname + window.location.search;
  form.submit();
});

// Saving a list's filters: take them from the address as it is now (HTMX pushes filters
// into it), not as the page was first rendered.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("save-filter-form")) { return; }
  var query = form.querySelector("[data-current-query]");
  if (query) { query.value = window.location.search.replace(/^\?/, "").replace(/(^|&)page=[^&]*/g, ""); }
});

// Scroll areas of wide tables can be reached and scrolled with the keyboard (WCAG 2.1.1).
document.querySelectorAll(".table-responsive").forEach(function (area) {
  if (!area.hasAttribute("tabindex") && area.scrollWidth > area.clientWidth) {
    area.setAttribute("tabindex", "0");
  }
});

// A <select data-autosubmit> submits its form when changed (no inline handlers: CSP).
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches("[data-autosubmit]") && select.form) {
    select.form.submit();
  }
});

// A picker's results are replaced by each search (HTMX). A choice made while a search was
// still on its way (typed, then clicked a result already listed) must survive the answer:
// the radio checked before the swap is checked again when the new results list it.
// Only the pickers' result lists (id "…_results"), never a re-rendered form.
function pickerResults(target) {
  return target && target.id && /_results$/.test(target.id) ? target : null;
}
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = pickerResults(event.detail.target);
  if (!target) return;
  var chosen = target.querySelector('input[type="radio"]:checked');
  target._chosen = chosen ? { name: chosen.name, value: chosen.value } : null;
});
document.addEventListener("htmx:afterSwap", function (event) {
  var target = pickerResults(event.detail.target);
  var chosen = target && target._chosen;
  if (!chosen) return;
  target.querySelectorAll('input[type="radio"]').forEach(function (radio) {
    if (radio.name === chosen.name && radio.value === chosen.value) radio.checked = true;
  });
});
