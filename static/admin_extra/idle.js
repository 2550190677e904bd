/*
 * Idle sign-out warning (WCAG 2.2.1) for the admin pages; the server ends the session
 * (audit/idle.py), this only tells the user in time and lets them continue.
 *
 * The <script> element carries the settings as data attributes (no inline script: CSP):
 * data-remaining (seconds the session has left now), data-warning (seconds before the end at
 * which to warn), data-status-url, data-keepalive-url, data-login-url, data-csrf-token.
 * Before warning, it asks the server how long is really left: another tab may have been used.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var dialog = document.getElementById("idle-warning");
  if (!script || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var config = script.dataset;
  var warningMs = Number(config.warning) * 1000;
  var continueButton = document.getElementById("idle-warning-continue");
  var deadline = 0;
  var timer = null;
  var returnFocus = null;

  function schedule(remainingSeconds) {
    deadline = Date.now() + remainingSeconds * 1000;
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, deadline - warningMs - Date.now()));
  }

  function signedOut() {
    // One second after the end, so the server has ended the session and says so on the page.
    var next = window.location.pathname + window.location.search;
    window.location.assign(config.loginUrl + "?next=" + encodeURIComponent(next));
  }

  function answer(response) {
    if (!response.ok && response.status !== 403) {
      throw new Error("HTTP " + response.status);
    }
    return response.json();
  }

  function check() {
    fetch(config.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(answer)
      .then(function (state) {
        if (!state.authenticated) {
          signedOut();
        } else if (state.remaining_seconds * 1000 > warningMs + 1000) {
          schedule(state.remaining_seconds);
        } else {
          warn(state.remaining_seconds);
        }
      })
      .catch(function () {
        warn((deadline - Date.now()) / 1000);
      });
  }

  function warn(remainingSeconds) {
    deadline = Date.now() + Math.max(0, remainingSeconds) * 1000;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    }
    continueButton.focus();
    clearTimeout(timer);
    timer = setTimeout(signedOut, Math.max(0, deadline - Date.now()) + 1000);
  }

  function close() {
    if (dialog.open) {
      dialog.close();
    }
    if (returnFocus && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  function keepAlive() {
    continueButton.disabled = true;
    fetch(config.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": config.csrfToken },
    })
      .then(answer)
      .then(function (state) {
        if (!state.authenticated) {
          signedOut();
          return;
        }
        close();
        schedule(state.remaining_seconds);
      })
      .catch(signedOut)
      .finally(function () {
        continueButton.disabled = false;
      });
  }

  continueButton.addEventListener("click", keepAlive);
  // Escape on the dialog: the user is here, so it counts as “继续使用”.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    keepAlive();
  });

  schedule(Number(config.remaining));
})();
