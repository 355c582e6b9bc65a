// The territory picker widget (suprovid/territory/widgets.py): choose a search result with
// the mouse or the arrow keys. Loaded once per page however many pickers the form has.
(function () {
  if (window.suprovidTerritoryPicker) { return; }
  window.suprovidTerritoryPicker = true;
  function options(picker) { return Array.prototype.slice.call(picker.querySelectorAll("[data-territory-option]")); }
  function choose(picker, option) {
    var id = picker.dataset.target;
    document.getElementById(id).value = option.dataset.code;
    document.getElementById(id + "_label").textContent = option.dataset.label;
    var results = document.getElementById(id + "_results");
    results.innerHTML = "";
    var search = document.getElementById(id + "_search");
    search.setAttribute("aria-expanded", "false");
    search.focus();
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-territory-option]");
    var picker = option && option.closest("[data-territory-picker]");
    if (picker) { choose(picker, option); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest("[data-territory-picker]");
    if (picker) {
      document.getElementById(picker.dataset.target + "_search")
        .setAttribute("aria-expanded", options(picker).length ? "true" : "false");
    }
  });
  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest("[data-territory-picker]");
    if (!picker) { return; }
    var list = options(picker);
    var search = document.getElementById(picker.dataset.target + "_search");
    var index = list.indexOf(event.target);
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      list[Math.min(index + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      (index === 0 ? search : list[index - 1]).focus();
    } else if (event.key === "Escape") {
      document.getElementById(picker.dataset.target + "_results").innerHTML = "";
      search.setAttribute("aria-expanded", "false");
      search.focus();
    } else if (event.key === "Enter" && event.target === search) {
      event.preventDefault();  // do not submit the form while searching
      if (list.length === 1) { choose(picker, list[0]); }
    }
  });
}());
