// Suprovid intake page: the applicant stays chosen while the desk searches for family
// members; who an issue concerns is picked by name; keyboard focus goes where work continues.
(function () {
  "use strict";
  var chosen = document.getElementById("applicant-chosen");
  if (!chosen) { return; }

  function pickers() { return document.querySelectorAll("select.person-picker"); }

  function addOption(select, id, label, added) {
    if (select.querySelector('option[value="' + id + '"]')) { return; }
    var option = document.createElement("option");
    option.value = id;
    option.textContent = label;
    if (added) { option.dataset.added = "1"; }
    select.appendChild(option);
  }

  // Family options come from the server (both directions of a family link); persons the
  // desk added from the search stay offered even when the family list is refreshed.
  function refreshPickers() {
    var template = document.getElementById("family-person-options");
    var family = template ? template.content.querySelectorAll("option") : [];
    pickers().forEach(function (select) {
      var value = select.value;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value && !option.dataset.added) { option.remove(); }
      });
      family.forEach(function (option) { addOption(select, option.value, option.textContent, false); });
      select.value = value;
      if (select.value !== value) { select.value = ""; }
    });
  }

  function chooseApplicant(id, label, card) {
    chosen.textContent = "";
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "applicant";
    input.value = id;
    chosen.appendChild(input);
    var p = document.createElement("p");
    p.className = "mb-1";
    var strong = document.createElement("strong");
    strong.textContent = chosen.dataset.label + " ";
    p.appendChild(strong);
    var name = document.createElement("span");
    name.className = "applicant-name";
    name.textContent = label + " ";
    p.appendChild(name);
    if (card) {
      var a = document.createElement("a");
      a.href = card;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = chosen.dataset.cardLabel;
      p.appendChild(a);
    }
    chosen.appendChild(p);
    document.body.dispatchEvent(new CustomEvent("applicant-chosen", { bubbles: true }));
  }

  function currentApplicant() {
    var input = chosen.querySelector("[name=applicant]");
    return input ? input.value : "";
  }

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.classList && radio.classList.contains("applicant-pick") && radio.checked) {
      chooseApplicant(radio.value, radio.dataset.label, radio.dataset.card);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button) { return; }
    if (button.classList.contains("add-concerned")) {
      pickers().forEach(function (select) { addOption(select, button.dataset.id, button.dataset.label, true); });
      var first = pickers()[pickers().length - 1];
      if (first && !first.value) { first.value = button.dataset.id; }
      button.disabled = true;
      button.querySelector("i") && button.setAttribute("aria-pressed", "true");
    } else if (button.id === "quick-reg-submit") {
      window.htmx.trigger(document.getElementById("quick-reg"), "quick-register");
    } else if (button.id === "add-issue") {
      addIssue();
    }
  });

  // Enter in a quick-registration field registers the person, never the whole appeal.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.closest) { return; }
    if (event.target.closest("#quick-reg")) {
      event.preventDefault();
      window.htmx.trigger(document.getElementById("quick-reg"), "quick-register");
    } else if (event.target.id === "person-q") {
      event.preventDefault();
    }
  });

  function addIssue() {
    var total = document.getElementById("id_issues-TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    var html = document.getElementById("issue-template").innerHTML.replace(/__prefix__/g, String(index));
    document.getElementById("issue-forms").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var fieldsets = document.querySelectorAll("#issue-forms fieldset.issue-form");
    var fresh = fieldsets[fieldsets.length - 1];
    var number = fresh.querySelector(".issue-number");
    if (number) { number.textContent = String(fieldsets.length); }
    var previous = fieldsets.length > 1 ? fieldsets[fieldsets.length - 2].querySelector("select.person-picker") : null;
    var select = fresh.querySelector("select.person-picker");
    if (previous && select) {
      Array.prototype.slice.call(previous.options).forEach(function (option) {
        if (option.value) { addOption(select, option.value, option.textContent, !!option.dataset.added); }
      });
    }
    var focusable = fresh.querySelector("select, input, textarea");
    (focusable || fresh).focus();
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target.id === "family-options-slot") { refreshPickers(); }
    if (target.id === "search-results") {
      var created = target.querySelector(".person-result[data-created] .applicant-pick");
      if (created) {
        var id = created.value;
        if (!currentApplicant()) {
          created.checked = true;
          chooseApplicant(id, created.dataset.label, created.dataset.card);
        } else {
          var add = target.querySelector(".person-result[data-created] .add-concerned");
          if (add) { add.click(); }
        }
        created.focus();
      } else if (target.querySelector("#quick-reg .is-invalid, #quick-reg .invalid-feedback, #quick-reg .alert")) {
        var bad = target.querySelector("#quick-reg input");
        if (bad) { bad.focus(); }
      }
    }
  });
})();
