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

  // A reader's list of documents, kept in this browser (localStorage) as an
  // array of ids. The server shows and cites what it is sent: /list?id=A&id=B,
  // or a form POST when the link would be too long for a URL.
  var LIST_KEY = "chancery:list";
  var LIST_MOST = 1000;      // what the server takes
  var LINK_MOST = 3800;      // the server refuses request targets over 4096 bytes

  function readList() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(LIST_KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === "string" && id !== ""; }) : [];
    } catch (e) {
      return [];
    }
  }

  function writeList(ids) {
    try {
      window.localStorage.setItem(LIST_KEY, JSON.stringify(ids));
      return true;
    } catch (e) {
      return false;
    }
  }

  function listLink(ids) {
    return "/list" + (ids.length ? "?" + ids.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&") : "");
  }

  // Opens the list page showing `ids`: a link when it fits, else a form POST.
  function openList(ids, replace) {
    var link = listLink(ids);
    if (link.length <= LINK_MOST) {
      if (replace) {
        window.location.replace(link);
      } else {
        window.location.assign(link);
      }
      return;
    }
    var form = document.createElement("form");
    form.method = "post";
    form.action = "/list";
    ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "id";
      input.value = id;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function showCount(ids) {
    var link = document.getElementById("my-list");
    if (link) {
      link.textContent = ids.length ? "My list (" + ids.length + ")" : "My list";
    }
  }

  // "Add to my list" buttons (document pages, search results): toggles.
  function setUpToggles(status) {
    document.querySelectorAll("button.list-toggle[data-id]").forEach(function (button) {
      var id = button.getAttribute("data-id");
      var label = button.firstChild;   // the visible words; a hidden title may follow
      function show() {
        var on = readList().indexOf(id) !== -1;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        label.textContent = on ? "On my list" : "Add to my list";
      }
      show();
      button.hidden = false;
      button.addEventListener("click", function () {
        var ids = readList();
        var at = ids.indexOf(id);
        var said;
        if (at === -1) {
          if (ids.length >= LIST_MOST) {
            announce(status, "Your list is full (" + LIST_MOST + " documents): remove some first.");
            return;
          }
          ids.push(id);
          said = "Added to your list (" + ids.length + ").";
        } else {
          ids.splice(at, 1);
          said = "Removed from your list (" + ids.length + " left).";
        }
        if (!writeList(ids)) {
          announce(status, "This browser does not let the page keep a list.");
          return;
        }
        show();
        showCount(ids);
        announce(status, said);
      });
    });
  }

  // The list page: the reader's own list gets Remove buttons; someone else's
  // (a link sent to them) can be added to theirs; an empty page opens the
  // reader's list when there is one.
  function setUpListPage(status) {
    var page = document.getElementById("document-list");
    if (!page) {
      return;
    }
    var mine = readList();
    var shown = Array.prototype.map.call(page.querySelectorAll("li.listed[data-id]"), function (li) {
      return li.getAttribute("data-id");
    });
    if (shown.length === 0) {
      if (mine.length > 0) {
        openList(mine, true);
      }
      return;
    }
    var actions = document.getElementById("list-actions");
    var same = shown.length === mine.length && shown.every(function (id, i) { return id === mine[i]; });
    if (same) {
      page.querySelectorAll("button.list-remove[data-id]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var id = button.getAttribute("data-id");
          var ids = readList().filter(function (other) { return other !== id; });
          writeList(ids);
          openList(ids, true);
        });
      });
      var clear = document.getElementById("list-clear");
      clear.hidden = false;
      clear.addEventListener("click", function () {
        writeList([]);
        openList([], true);
      });
    } else {
      var adopt = document.getElementById("list-adopt");
      adopt.hidden = false;
      adopt.addEventListener("click", function () {
        var ids = readList();
        var added = 0;
        shown.forEach(function (id) {
          if (ids.indexOf(id) === -1 && ids.length < LIST_MOST) {
            ids.push(id);
            added += 1;
          }
        });
        if (!writeList(ids)) {
          announce(status, "This browser does not let the page keep a list.");
          return;
        }
        showCount(ids);
        adopt.hidden = true;
        announce(status, added + (added === 1 ? " document" : " documents") + " added to your list (" + ids.length + ").");
      });
    }
    actions.hidden = false;
  }

  function setUpList() {
    var status = document.getElementById("list-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.id = "list-status";
      status.setAttribute("role", "status");
      (document.getElementById("main") || document.body).appendChild(status);
    }
    showCount(readList());
    setUpToggles(status);
    setUpListPage(status);
    var link = document.getElementById("my-list");
    if (link) {
      link.addEventListener("click", function (event) {
        var ids = readList();
        if (ids.length > 0) {
          event.preventDefault();
          openList(ids, false);
        }
      });
    }
  }

  // A link to one of a collection's texts (#about-sources, from a search)
  // opens its disclosure, which the browser may not do by itself.
  function openLinkedText() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS" && !target.open) {
      target.open = true;
      target.scrollIntoView();
    }
  }

  // A document opened from a search: Previous and Next walk through the
  // marked words (mark.query-match, ids match-1, match-2, ...), each focused,
  // scrolled to and outlined in turn, "3 of 12" announced.
  function setUpQueryMarks() {
    var box = document.getElementById("query-marks");
    // "Back to the search" returns to the very page of results (its filters,
    // sort and page) when the reader came from it.
    var back = box ? box.querySelector(".query-marks-back") : null;
    if (back && document.referrer) {
      try {
        var from = new URL(document.referrer);
        if (from.origin === window.location.origin && from.pathname === "/search") back.href = from.pathname + from.search;
      } catch (e) { /* not a URL: keep the plain search */ }
    }
    var steps = box ? box.querySelector(".query-marks-steps") : null;
    if (!steps) return;
    // A word cut in two by a mention's link is one match (its second part: query-match-more).
    var marks = document.querySelectorAll("mark.query-match:not(.query-match-more)");
    if (!marks.length) return;
    var at = steps.querySelector(".query-marks-at");
    var current = -1;
    function show(index) {
      if (current >= 0) marks[current].classList.remove("query-match-current");
      current = (index + marks.length) % marks.length;
      var mark = marks[current];
      mark.classList.add("query-match-current");
      mark.focus({ preventScroll: true });
      mark.scrollIntoView({ block: "center" });
      at.textContent = (current + 1) + " of " + marks.length;
    }
    steps.querySelector(".query-marks-next").addEventListener("click", function () { show(current + 1); });
    steps.querySelector(".query-marks-previous").addEventListener("click", function () { show(current - 1); });
    box.querySelector(".query-marks-first").addEventListener("click", function (event) {
      event.preventDefault();
      show(0);
    });
    steps.hidden = false;
  }

  function setUp() {
    setUpCopyButtons();
    setUpQueryMarks();
    setUpList();
    openLinkedText();
    window.addEventListener("hashchange", openLinkedText);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
