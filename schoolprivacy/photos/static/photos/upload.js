/*
 * Upload photos one by one, with a progress bar per file (photos/upload.html).
 *
 * Without this script the form posts all files at once and the server answers with a result
 * page; with it, each file is its own request, so a slow connection shows progress and a refused
 * file never costs the others. A new event is made by the server with the first file that is
 * stored (so an upload of refused files leaves no empty event); the answer names it, and the
 * other files go to it. Served as a static file: the CSP allows no inline script.
 */
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  var texts = document.getElementById("upload-texts");
  if (!form || !texts || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  texts = JSON.parse(texts.textContent);
  var section = document.getElementById("upload-progress");
  var summary = document.getElementById("upload-summary");
  var list = document.getElementById("upload-files");
  var eventSelect = form.querySelector("select[name=event]");
  var newEvent = document.getElementById("new-event");
  var fileInput = form.querySelector("input[type=file]");
  var button = form.querySelector("button[type=submit]");

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) {
      return String(values[key]);
    });
  }

  function showNewEvent() {
    newEvent.hidden = eventSelect.value !== "new";
  }
  eventSelect.addEventListener("change", showNewEvent);
  showNewEvent();

  function baseData() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("school", form.elements.school.value);
    return data;
  }

  function send(url, data, onProgress) {
    return new Promise(function (resolve) {
      var request = new XMLHttpRequest();
      request.open("POST", url);
      request.setRequestHeader("Accept", "application/json");
      if (onProgress) {
        request.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) {
            onProgress(event.loaded / event.total);
          }
        });
      }
      request.addEventListener("load", function () {
        var body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch (error) {
          body = null;
        }
        resolve({ status: request.status, body: body });
      });
      request.addEventListener("error", function () {
        resolve({ status: 0, body: null });
      });
      request.send(data);
    });
  }

  function errorsText(body) {
    var parts = [];
    if (body && body.errors) {
      Object.keys(body.errors).forEach(function (field) {
        body.errors[field].forEach(function (error) {
          parts.push(error.message);
        });
      });
    }
    return parts.join(" ") || texts.failed;
  }

  function chooseCreatedEvent(created) {
    // Choose the new event, so that the other files and another batch go to the same event.
    var option = new Option(created.label, String(created.id), true, true);
    eventSelect.add(option, 1);
    showNewEvent();
  }

  function fileRow(file) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.className = "upload-file-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    var state = document.createElement("span");
    state.className = "upload-file-state";
    state.textContent = texts.waiting;
    item.append(name, bar, state);
    list.append(item);
    return { bar: bar, state: state };
  }

  function showResult(row, answer) {
    row.state.textContent = "";
    var tag = document.createElement("span");
    if (answer.body && answer.body.stored) {
      row.bar.value = 100;
      tag.className = "tag upload-stored";
      tag.textContent = texts.stored;
      var link = document.createElement("a");
      link.href = answer.body.url;
      link.textContent = texts.open;
      row.state.append(tag, " ", link);
      return true;
    }
    tag.className = "tag upload-refused";
    tag.textContent = texts.refused;
    var reason = answer.body && answer.body.message ? answer.body.message : errorsText(answer.body);
    row.state.append(tag, " ", reason);
    return false;
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(fileInput.files || []);
    if (!files.length) {
      return; // The server says which field is missing.
    }
    event.preventDefault();
    button.disabled = true;
    section.hidden = false;
    list.textContent = "";
    var rows = files.map(fileRow);
    var counts = { done: 0, total: files.length, stored: 0, refused: 0 };
    var stopped = false;
    summary.textContent = format(texts.progress, counts);
    var chain = Promise.resolve();
    files.forEach(function (file, index) {
      chain = chain.then(function () {
        if (stopped) {
          return;
        }
        var row = rows[index];
        row.state.textContent = texts.uploading;
        var data = baseData();
        data.append("event", eventSelect.value);
        if (eventSelect.value === "new") {
          data.append("new-name", form.elements["new-name"].value);
          data.append("new-held_on", form.elements["new-held_on"].value);
        }
        data.append("group", form.elements.group.value);
        data.append("photos", file);
        return send(form.action, data, function (share) {
          row.bar.value = Math.round(share * 100);
        }).then(function (answer) {
          if (answer.status === 400) {
            // The form itself is wrong (the new event's name or date): say so, send no more.
            stopped = true;
            summary.textContent = errorsText(answer.body);
            return;
          }
          if (answer.body && answer.body.event) {
            chooseCreatedEvent(answer.body.event);
          }
          counts.done += 1;
          if (showResult(row, answer)) {
            counts.stored += 1;
          } else {
            counts.refused += 1;
          }
          summary.textContent = format(texts.progress, counts);
        });
      });
    });
    chain.then(function () {
      if (!stopped) {
        summary.textContent = format(texts.done, counts);
        fileInput.value = "";
      }
      button.disabled = false;
    });
  });
})();
