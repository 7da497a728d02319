/*
 * Upload one video with a progress bar (videos/upload.html). Without this script the form posts
 * normally; with it the file goes by XMLHttpRequest, whose upload progress events drive the bar,
 * and the page moves to the video once the server stored it. Served as a static file: the CSP
 * allows no inline script.
 */
(function () {
  "use strict";
  var form = document.getElementById("video-upload-form");
  var texts = document.getElementById("video-upload-texts");
  if (!form || !texts || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  texts = JSON.parse(texts.textContent);
  var box = document.getElementById("video-upload-progress");
  var bar = document.getElementById("video-upload-bar");
  var status = document.getElementById("video-upload-status");
  var button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        var percent = Math.round((progress.loaded * 100) / progress.total);
        bar.value = percent;
        status.textContent = texts.progress.replace("%(percent)s", String(percent));
      }
    });
    request.addEventListener("load", function () {
      var answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = {};
      }
      if (request.status === 200 && answer.url) {
        bar.value = 100;
        status.textContent = texts.done;
        window.location.assign(answer.url);
        return;
      }
      button.disabled = false;
      status.textContent = (answer.errors || [texts.failed]).join(" ");
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      status.textContent = texts.failed;
    });
    box.hidden = false;
    button.disabled = true;
    bar.value = 0;
    status.textContent = texts.progress.replace("%(percent)s", "0");
    request.send(new FormData(form));
  });
})();
