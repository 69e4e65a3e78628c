/* Data grid: drag a column header into the group panel to group by it; selects submit on change.
   Everything also works without this script (links, the «Группировать по» form, the OK buttons). */
(function () {
  "use strict";

  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  var panel = document.querySelector("[data-grid-group-panel]");
  if (!panel) { return; }
  var headers = document.querySelectorAll("th[data-group-url]");

  headers.forEach(function (th) {
    th.addEventListener("dragstart", function (event) {
      event.dataTransfer.effectAllowed = "copy";
      event.dataTransfer.setData("text/plain", th.getAttribute("data-group-key"));
      panel.classList.add("is-drop-target");
    });
    th.addEventListener("dragend", function () {
      panel.classList.remove("is-drop-target", "is-over");
    });
  });

  panel.addEventListener("dragover", function (event) {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    panel.classList.add("is-over");
  });
  panel.addEventListener("dragleave", function () { panel.classList.remove("is-over"); });
  panel.addEventListener("drop", function (event) {
    event.preventDefault();
    panel.classList.remove("is-drop-target", "is-over");
    var key = event.dataTransfer.getData("text/plain");
    for (var i = 0; i < headers.length; i++) {
      if (headers[i].getAttribute("data-group-key") === key) {
        window.location.assign(headers[i].getAttribute("data-group-url"));
        return;
      }
    }
  });
})();
