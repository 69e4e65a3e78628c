// The progress page of a background export (templates/lk_portal/export_job.html): asks the job's state
// every two seconds and updates the bar, the text and the link; stops when the file is ready or failed.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-job]");
  if (!box) {
    return;
  }
  var status = box.querySelector("[data-export-status]");
  var bar = box.querySelector("[data-export-bar]");
  var rows = box.querySelector("[data-export-rows]");
  var error = box.querySelector("[data-export-error]");
  var download = box.querySelector("[data-export-download]");
  var wait = box.querySelector("[data-export-wait]");
  var number = new Intl.NumberFormat("ru-RU");

  function show(state) {
    if (state.status === "done") {
      status.textContent = "Файл готов.";
    } else if (state.status === "failed") {
      status.textContent = "Файл не сформирован.";
    } else if (state.status === "queued") {
      status.textContent = "Файл готовится: в очереди.";
    } else {
      status.textContent = "Файл готовится: " + state.progress + " %";
    }
    bar.value = state.progress;
    bar.textContent = state.progress + " %";
    bar.hidden = state.status === "done" || state.status === "failed";
    rows.textContent = "Строк: " + number.format(state.rows_done) + " из " + number.format(state.rows_total);
    error.textContent = state.error;
    error.hidden = !state.error;
    download.hidden = state.status !== "done";
    if (wait && (state.status === "done" || state.status === "failed")) {
      wait.hidden = true;
    }
    return state.status === "queued" || state.status === "running";
  }

  function poll() {
    fetch(box.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (state && show(state)) {
          window.setTimeout(poll, 2000);
        } else if (state && state.status === "failed") {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  if (bar && !bar.hidden) {
    window.setTimeout(poll, 1000);
  }
})();
