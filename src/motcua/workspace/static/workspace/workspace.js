/* Officer workspace: keyboard shortcuts (Alt + key, shown on the page), the returning applicant's data
   by ID number, one submit per form (a double click sends once), and "select all" in inboxes. The pages
   work without this file; it only makes the counter faster. */
(function () {
  "use strict";

  // Alt + the key in data-shortcut: a button or link is clicked, a field is focused.
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = (event.code || "").replace(/^Key|^Digit/, "").toLowerCase();
    if (!key) { return; }
    var target = document.querySelector('[data-shortcut="' + key + '"]');
    if (!target) { return; }
    event.preventDefault();
    if (target.matches("button, a, input[type=submit]")) {
      target.click();
    } else {
      target.focus();
      if (target.select && target.matches("input[type=text], input[type=search], input:not([type])")) { target.select(); }
    }
  });

  // One submit per form: a second click while the first is on its way does nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-once")) {
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
      form.setAttribute("aria-busy", "true");
    }
  }, true);
  // The decision buttons of the intake form name their choice in a hidden field (Enter = receive).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-decision]");
    if (!button) { return; }
    var field = button.form && button.form.querySelector("input[name=decision]");
    if (field) { field.value = button.dataset.decision; }
  });

  // A returning applicant: their data fills the empty fields (never overwrites what was typed).
  function lookUp(input) {
    var value = input.value.replace(/\s+/g, "");
    if (!/^\d{9,13}$/.test(value) || input.dataset.looked === value) { return; }
    input.dataset.looked = value;
    var status = document.getElementById("applicant-status");
    fetch(input.dataset.lookup + "?id_number=" + encodeURIComponent(value), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {applicant: {}}; })
      .then(function (data) {
        var applicant = data.applicant || {};
        var filled = 0;
        ["name", "phone", "email", "address"].forEach(function (name) {
          var field = document.getElementById("id_applicant_" + name);
          if (field && !field.value && applicant[name]) { field.value = applicant[name]; filled += 1; }
        });
        if (status) { status.textContent = filled ? status.dataset.found : status.dataset.unknown; }
      })
      .catch(function () { input.dataset.looked = ""; });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("input[data-lookup]")) { lookUp(event.target); }
    if (event.target.matches("input[data-select-all]")) {
      var table = event.target.closest("table");
      table.querySelectorAll("input[name=dossier]").forEach(function (box) { box.checked = event.target.checked; });
    }
    // A scanned file for a component means it was handed in.
    if (event.target.matches("input[type=file][data-component]") && event.target.files.length) {
      var box = document.getElementById(event.target.dataset.component);
      if (box) { box.checked = true; }
    }
  });
  document.addEventListener("keyup", function (event) {
    if (event.target.matches("input[data-lookup]") && event.target.value.replace(/\s+/g, "").length >= 12) {
      lookUp(event.target);
    }
  });

  // From the procedure search box, Arrow Down goes to the first hit.
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && event.target.id === "procedure-search") {
      var first = document.querySelector("#hits a");
      if (first) { event.preventDefault(); first.focus(); }
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && event.target.closest("#hits a")) {
      var links = Array.prototype.slice.call(document.querySelectorAll("#hits a"));
      var index = links.indexOf(event.target.closest("#hits a")) + (event.key === "ArrowDown" ? 1 : -1);
      event.preventDefault();
      if (index < 0) { document.getElementById("procedure-search").focus(); } else if (links[index]) { links[index].focus(); }
    }
  });

  // Print the receipt: the PDF in the frame prints with the browser's dialog.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print-frame]");
    if (!button) { return; }
    var frame = document.getElementById(button.dataset.printFrame);
    try { frame.contentWindow.focus(); frame.contentWindow.print(); event.preventDefault(); } catch (error) { /* opens the PDF */ }
  });
}());
