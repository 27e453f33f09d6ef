/*
 * Northstar default theme: progressive enhancements.
 *
 * The site is fully usable without this file. When it runs it adds:
 *   1. the mobile "Menu" button that opens and closes the sidebar;
 *   2. keeps the current page visible in a long sidebar;
 *   3. highlights the table-of-contents entry of the heading in view
 *      (IntersectionObserver, no library);
 *   4. flags documents whose "Review by" date has passed;
 *   5. follows anchors written in other capitals;
 *   6. the dark-mode toggle (the choice is kept in localStorage; the inline
 *      script in base.html applies it before the first paint);
 *   7. a "Copy" button on every code block; a heading's # link copies its
 *      address too;
 *   8. Mermaid diagrams, drawn by the theme's own copy of Mermaid, which is
 *      loaded only on pages that have a ```mermaid block;
 *   9. fills the sidebar's folders left out of a large tree from the shared
 *      file the sidebar names (`data-tree-src`, northstar/tree.js: the browser
 *      keeps it), whose one call is `northstarTree(folders)`;
 *  10. closes the header's menus on Escape or a click elsewhere.
 * No network access, no dependencies; one global, northstarTree, for (9).
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var NARROW = "(max-width: 56.2375em)"; // keep in sync with style.css
  var THEME_KEY = "northstar-theme"; // keep in sync with base.html
  // The folder this script was loaded from (…/northstar/), for the Mermaid file.
  var scriptBase = document.currentScript
    ? document.currentScript.src.replace(/main\.js(\?.*)?$/, "")
    : "";

  function headerHeight() {
    var header = document.querySelector(".site-header");
    return header ? header.getBoundingClientRect().height : 0;
  }

  /* Scroll `el` into view inside the scrollable `box`, without moving the page. */
  function revealWithin(box, el, ratio) {
    if (!box || !el || box.scrollHeight <= box.clientHeight) return;
    var boxRect = box.getBoundingClientRect();
    var elRect = el.getBoundingClientRect();
    if (elRect.top < boxRect.top || elRect.bottom > boxRect.bottom) {
      box.scrollTop += elRect.top - boxRect.top - box.clientHeight * ratio;
    }
  }

  /* 1 + 2. Sidebar ------------------------------------------------------ */

  function initSidebar() {
    var sidebar = document.getElementById("sidebar");
    var button = document.querySelector(".menu-toggle");
    if (!sidebar) return;

    var current = sidebar.querySelector('[aria-current="page"]');
    revealWithin(sidebar, current, 0.3);

    if (!button) return;
    button.setAttribute("aria-controls", sidebar.id);
    button.hidden = false;
    var narrow = window.matchMedia(NARROW);

    function setOpen(open, restoreFocus) {
      sidebar.classList.toggle("is-open", open);
      document.body.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        revealWithin(sidebar, current, 0.3);
      } else if (restoreFocus) {
        button.focus();
      }
    }

    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true", false);
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sidebar.classList.contains("is-open")) {
        setOpen(false, true);
      }
    });

    var onChange = function (event) {
      if (!event.matches) setOpen(false, false);
    };
    if (narrow.addEventListener) {
      narrow.addEventListener("change", onChange);
    } else if (narrow.addListener) {
      narrow.addListener(onChange);
    }
  }

  /* 9. The rest of a large tree, from the shared file ------------------ */

  function initTree() {
    var sidebar = document.getElementById("sidebar");
    var src = sidebar && sidebar.getAttribute("data-tree-src");
    if (!src) return;
    var base = sidebar.getAttribute("data-root") || "";
    window.northstarTree = function (folders) {
      // Each folder's entry replaces its link; its own folders fill when it opens.
      function fill(scope) {
        scope.querySelectorAll("li[data-tree]").forEach(function (li) {
          var html = folders[li.getAttribute("data-tree")];
          if (!html) return;
          var holder = document.createElement("template");
          holder.innerHTML = html;
          var made = holder.content.firstElementChild;
          made.querySelectorAll("a[href]").forEach(function (a) {
            a.setAttribute("href", base + a.getAttribute("href"));
          });
          li.replaceWith(made);
          var details = made.querySelector("details");
          if (!details) return;
          var onToggle = function () {
            if (!details.open) return;
            details.removeEventListener("toggle", onToggle);
            fill(details);
          };
          details.addEventListener("toggle", onToggle);
        });
      }
      fill(sidebar);
    };
    var script = document.createElement("script");
    script.src = src;
    document.head.appendChild(script);
  }

  /* 10. Header menus: close on Escape or a click elsewhere --------------- */

  function initMenus() {
    var menus = document.querySelectorAll(".views-menu, .site-menu");
    if (!menus.length) return;
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (!menu.open) return;
        menu.open = false;
        menu.querySelector("summary").focus();
      });
    });
  }

  /* 3. Table of contents: highlight the heading in view ----------------- */

  function initToc() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[data-toc-id]"));
    if (!links.length || !("IntersectionObserver" in window)) return;

    // One heading id can have several links (column TOC + inline TOC).
    var linksById = {};
    links.forEach(function (a) {
      var id = a.getAttribute("data-toc-id");
      (linksById[id] = linksById[id] || []).push(a);
    });

    var headings = Object.keys(linksById)
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean)
      .sort(function (a, b) {
        return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
    if (!headings.length) return;

    var column = document.querySelector(".toc-column");
    var visible = new Set();
    var active = null;
    var atEnd = false;
    var lockedUntil = 0;

    function setActive(id) {
      if (id === active) return;
      if (active) {
        linksById[active].forEach(function (a) {
          a.classList.remove("is-active");
          a.removeAttribute("aria-current");
        });
      }
      active = id;
      if (id) {
        linksById[id].forEach(function (a) {
          a.classList.add("is-active");
          a.setAttribute("aria-current", "location");
        });
        if (column) {
          var inColumn = column.querySelector('a[data-toc-id="' + CSS.escape(id) + '"]');
          revealWithin(column, inColumn, 0.4);
        }
      }
    }

    function update() {
      if (Date.now() < lockedUntil) return;
      var top = headerHeight() + 8;
      var id = null;
      var i;

      if (atEnd) {
        // End of the content is on screen: short final sections can never
        // reach the top of the viewport, so take the last heading on screen.
        for (i = headings.length - 1; i >= 0; i--) {
          var r = headings[i].getBoundingClientRect();
          if (r.top >= top && r.top < window.innerHeight) { id = headings[i].id; break; }
        }
      }
      if (!id) {
        // First heading inside the observed band at the top of the viewport…
        for (i = 0; i < headings.length; i++) {
          if (visible.has(headings[i])) { id = headings[i].id; break; }
        }
      }
      if (!id) {
        // …otherwise we are inside the section of the last heading above.
        for (i = 0; i < headings.length; i++) {
          if (headings[i].getBoundingClientRect().top < top) id = headings[i].id;
          else break;
        }
      }
      setActive(id);
    }

    var band = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) visible.add(entry.target);
        else visible.delete(entry.target);
      });
      update();
    }, { rootMargin: "-" + Math.round(headerHeight()) + "px 0px -60% 0px", threshold: 0 });
    headings.forEach(function (h) { band.observe(h); });

    var content = headings[0].closest(".prose");
    if (content) {
      var sentinel = document.createElement("div");
      sentinel.setAttribute("aria-hidden", "true");
      content.appendChild(sentinel);
      new IntersectionObserver(function (entries) {
        atEnd = entries[entries.length - 1].isIntersecting;
        update();
      }).observe(sentinel);
    }

    // A click on a TOC link wins over the observer while the page scrolls.
    links.forEach(function (a) {
      a.addEventListener("click", function () {
        setActive(a.getAttribute("data-toc-id"));
        lockedUntil = Date.now() + 900;
      });
    });

    update();
  }

  /* 4. Review dates ----------------------------------------------------- */

  function initReviewDates() {
    var today = new Date();
    var todayKey = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
    document.querySelectorAll("[data-review-by]").forEach(function (el) {
      var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(el.getAttribute("data-review-by") || "");
      if (!m) return;
      var key = Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
      if (key >= todayKey) return;
      el.classList.add("is-overdue");
      var badge = document.createElement("span");
      badge.className = "badge tone-critical review-overdue";
      badge.textContent = "Overdue";
      el.insertAdjacentElement("afterend", badge);
    });
  }

  /* 5. Anchors written with other capitals --------------------------------- */

  // Links written for GitHub often use an anchor in other capitals than the heading's id
  // (`#FAQ` for `faq`); GitHub ignores case, so this does too.
  function followAnchorIgnoringCase() {
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (!wanted || document.getElementById(wanted)) return;
    var lower = wanted.toLowerCase();
    var nodes = document.querySelectorAll("[id]");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].id.toLowerCase() === lower) {
        nodes[i].scrollIntoView();
        return;
      }
    }
  }

  /* 6. Dark mode toggle ------------------------------------------------- */

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function initThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var label = button.querySelector(".visually-hidden");
    function show() {
      var dark = isDark();
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.title = dark ? "Dark mode is on" : "Dark mode is off";
      if (label) label.textContent = "Dark mode";
    }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch (e) {
        /* storage off (private mode, file://): the choice lasts for this page */
      }
      show();
      redrawDiagrams();
    });
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var onSystem = function () {
      if (!root.getAttribute("data-theme")) {
        show();
        redrawDiagrams();
      }
    };
    if (system.addEventListener) system.addEventListener("change", onSystem);
  }

  /* 7. Copy buttons ------------------------------------------------------ */

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    // Plain http:// and file:// pages have no clipboard API: copy through a selection.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    done(ok);
  }

  function initCopyButtons() {
    document.querySelectorAll(".code-block").forEach(function (block) {
      var code = block.querySelector("code");
      if (!code) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        copyText(code.textContent, function (ok) {
          button.textContent = ok ? "Copied" : "Press Ctrl+C";
          button.classList.add("is-done");
          if (!ok) {
            var range = document.createRange();
            range.selectNodeContents(code);
            var selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
          }
          setTimeout(function () {
            button.textContent = "Copy";
            button.classList.remove("is-done");
          }, 2000);
        });
      });
      block.appendChild(button);
    });
  }

  /* A heading's # link also copies the section's address. */
  function initHeadingLinks() {
    var status = null;
    document.querySelectorAll(".heading-anchor").forEach(function (link) {
      link.addEventListener("click", function () {
        var address = location.href.split("#")[0] + link.getAttribute("href");
        copyText(address, function (ok) {
          if (!ok) return;
          if (!status) {
            status = document.createElement("p");
            status.className = "visually-hidden";
            status.setAttribute("role", "status");
            document.body.appendChild(status);
          }
          status.textContent = "Link to this section copied";
          link.setAttribute("data-copied", "");
          setTimeout(function () { link.removeAttribute("data-copied"); }, 1500);
        });
      });
    });
  }

  /* 8. Mermaid diagrams ------------------------------------------------- */

  var diagrams = [];

  function drawDiagrams() {
    var mermaid = window.mermaid;
    if (!mermaid || !diagrams.length) return;
    // Mermaid's "base" theme, coloured from the theme's own tokens, so diagrams match the
    // page (and the handbook's accent) in both schemes and keep their text readable.
    var style = getComputedStyle(root);
    var token = function (name) { return style.getPropertyValue(name).trim(); };
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      themeVariables: {
        darkMode: isDark(),
        fontFamily: token("--font-sans"),
        background: token("--bg"),
        mainBkg: token("--bg-subtle"),
        primaryColor: token("--bg-subtle"),
        primaryTextColor: token("--fg"),
        primaryBorderColor: token("--accent"),
        secondaryColor: token("--bg-muted"),
        tertiaryColor: token("--bg"),
        nodeBorder: token("--accent"),
        lineColor: token("--fg-muted"),
        textColor: token("--fg"),
        titleColor: token("--fg"),
        edgeLabelBackground: token("--bg"),
        clusterBkg: token("--bg-subtle"),
        clusterBorder: token("--border-strong"),
      },
    });
    mermaid.run({ nodes: diagrams }).catch(function () {
      /* a diagram with a syntax error keeps Mermaid's error message in place */
    });
  }

  function redrawDiagrams() {
    diagrams.forEach(function (el) {
      el.removeAttribute("data-processed");
      el.textContent = el.getAttribute("data-source");
    });
    drawDiagrams();
  }

  function initDiagrams() {
    diagrams = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
    if (!diagrams.length || !scriptBase) return;
    diagrams.forEach(function (el) {
      el.setAttribute("data-source", el.textContent);
    });
    var script = document.createElement("script");
    script.src = scriptBase + "vendor/mermaid/mermaid.min.js";
    script.onload = drawDiagrams;
    document.head.appendChild(script);
  }

  function init() {
    initThemeToggle();
    initCopyButtons();
    initHeadingLinks();
    initDiagrams();
    initSidebar();
    initTree();
    initMenus();
    followAnchorIgnoringCase();
    window.addEventListener("hashchange", followAnchorIgnoringCase);
    // Tells the inline script in base.html that the menu works; without this
    // mark the page falls back to the no-JavaScript layout on `load`.
    root.setAttribute("data-northstar", "ready");
    initToc();
    initReviewDates();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
