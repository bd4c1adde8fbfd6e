// Chancery reading room: small progressive enhancements. The pages work without it.
"use strict";

(function () {
  // A polite live region (role=status) after `box`, so that screen readers
  // announce the outcome of a copy (WCAG 4.1.3); one per box.
  function statusFor(box) {
    var status = box.querySelector(".copy-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "copy-status visually-hidden";
      status.setAttribute("role", "status");
      box.appendChild(status);
    }
    return status;
  }

  function announce(status, text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // Copy buttons in the citation box: shown only when the Clipboard API exists.
  function setUpCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    document.querySelectorAll("button.copy-button[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) {
        return;
      }
      var status = statusFor(button.closest(".citation-box") || button.parentNode);
      var label = button.textContent;
      var name = label.replace(/^Copy /, "");
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent).then(function () {
          button.textContent = "Copied";
          button.classList.add("copied");
          announce(status, name + " citation copied to the clipboard.");
          window.setTimeout(function () {
            button.textContent = label;
            button.classList.remove("copied");
          }, 2000);
        }, function () {
          button.textContent = "Copy failed: select the text instead";
          announce(status, "Copying failed: select the " + name + " text and copy it instead.");
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpCopyButtons);
  } else {
    setUpCopyButtons();
  }
})();
