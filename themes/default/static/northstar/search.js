/*
 * Northstar default theme: offline search, the parts people use (the index
 * is read by search-index.js, loaded before this file). Adds:
 *   1. results while you type in the header box (2 characters or more), with
 *      arrow keys, Enter and Esc; `/` or Ctrl-K focuses the box;
 *   2. the results page, search/index.html?q=…, ten results at a time,
 *      with filters by kind, status, owner and tag.
 * Opened from disk (file://) the browser refuses to load the index, so the
 * box says so instead of failing silently. No globals of its own.
 */
(function () {
  "use strict";

  var lib = window.NorthstarSearch;
  if (!lib) return;
  var Index = lib.Index;
  var element = lib.element;
  var loadDocs = lib.loadDocs;
  var matcher = lib.matcher;
  var resultLink = lib.resultLink;
  var MIN_CHARS = lib.MIN_CHARS;
  var POPUP_RESULTS = 8;
  var PAGE_RESULTS = 10;
  var FROM_DISK = "Search needs the handbook to be served by a web server " +
    "(for example, run “python3 -m http.server” in the site folder); " +
    "browsers do not let a page opened from disk read the search index.";
  var FACETS = [["kind", "Kind"], ["status", "Status"], ["owner", "Owner"], ["tag", "Tag"]];

  /* 1. The header box ---------------------------------------------------- */

  function initBox(form) {
    var input = form.querySelector(".site-search-input");
    var popup = form.querySelector(".search-popup");
    var message = popup.querySelector(".search-message");
    var list = popup.querySelector(".search-results");
    var root = form.getAttribute("data-search-root") || "";
    var index = new Index(root);
    var fromDisk = location.protocol === "file:";
    var asked = 0;
    var active = -1;

    if (fromDisk) {
      form.classList.add("is-unavailable");
      input.placeholder = "Search needs a web server";
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function open(show) {
      popup.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) setActive(-1);
    }

    function setActive(n) {
      var all = options();
      if (active >= 0 && all[active]) all[active].classList.remove("is-active");
      active = all.length ? n : -1;
      if (active >= 0) {
        all[active].classList.add("is-active");
        all[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
      Array.prototype.forEach.call(all, function (li, i) {
        if (i !== active) li.setAttribute("aria-selected", "false");
      });
    }

    function say(text) {
      list.textContent = "";
      message.textContent = text;
      open(true);
    }

    function update() {
      var query = input.value.trim();
      var ticket = ++asked;
      if (fromDisk) { if (query) say(FROM_DISK); else open(false); return; }
      if (Array.from(query).length < MIN_CHARS) { open(false); return; }
      index.search(query).then(function (hits) {
        var shown = hits.slice(0, POPUP_RESULTS);
        return loadDocs(index, shown).then(function (docs) {
          if (ticket !== asked) return;
          var re = matcher(query, hits.terms);
          list.textContent = "";
          message.textContent = hits.length ? "" : "No results for “" + query + "”.";
          shown.forEach(function (hit, i) {
            var li = element("li");
            li.id = "site-search-option-" + i;
            li.setAttribute("role", "option");
            var link = resultLink(root, hit, docs[i], re);
            link.tabIndex = -1;
            li.appendChild(link);
            list.appendChild(li);
          });
          var all = element("li", "search-all");
          var more = element("a", "", hits.length > POPUP_RESULTS
            ? "All " + hits.length + " results" : "Open the results page");
          more.href = root + "search/index.html?q=" + encodeURIComponent(query);
          more.tabIndex = -1;
          all.appendChild(more);
          list.appendChild(all);
          active = -1;
          open(true);
        });
      }).catch(function () {
        if (ticket === asked) say("Search is unavailable: the index could not be loaded.");
      });
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", function () { if (input.value.trim()) update(); });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" && count) {
        event.preventDefault();
        if (popup.hidden) open(true);
        setActive((active + 1) % count);
      } else if (event.key === "ArrowUp" && count) {
        event.preventDefault();
        setActive(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && !popup.hidden) {
        event.preventDefault();
        location.href = options()[active].querySelector("a").href;
      } else if (event.key === "Escape") {
        if (!popup.hidden) { event.preventDefault(); open(false); }
        else if (input.value) { input.value = ""; }
        else { input.blur(); }
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) open(false);
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      var ctrlK = (event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K");
      if (ctrlK || (event.key === "/" && !typing && !event.altKey && !event.ctrlKey && !event.metaKey)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    form.setAttribute("data-search", "ready");
  }

  /* 2. The results page -------------------------------------------------- */

  function initPage(page, root) {
    var params = new URLSearchParams(location.search);
    var query = (params.get("q") || "").trim();
    var input = page.querySelector("#search-page-input");
    var status = page.querySelector(".search-page-status");
    var facetsBox = page.querySelector(".search-facets");
    var list = page.querySelector(".search-page-results");
    var index = new Index(root);
    var chosen = {};
    FACETS.forEach(function (f) { chosen[f[0]] = params.getAll(f[0]); });
    input.value = query;
    if (location.protocol === "file:") { status.textContent = FROM_DISK; return; }
    if (Array.from(query).length < MIN_CHARS) {
      status.textContent = "Type at least " + MIN_CHARS + " characters to search.";
      return;
    }
    status.textContent = "Searching…";
    Promise.all([index.search(query), index.facets()]).then(function (found) {
      var hits = found[0];
      var facets = found[1];
      function valueOf(doc, field) {
        var ids = facets.docs[doc][FACETS.map(function (f) { return f[0]; }).indexOf(field)];
        var names = facets.fields[field];
        return (Array.isArray(ids) ? ids : [ids]).filter(function (i) { return i >= 0; })
          .map(function (i) { return names[i]; });
      }
      function passes(hit, except) {
        return FACETS.every(function (f) {
          var field = f[0];
          if (field === except || !chosen[field].length) return true;
          var values = valueOf(hit.doc, field);
          return chosen[field].some(function (v) { return values.indexOf(v) >= 0; });
        });
      }
      var more = element("button", "search-more", "Show more results");
      more.type = "button";
      more.hidden = true;
      list.insertAdjacentElement("afterend", more);
      var kept = [];
      var shown = 0;
      /* Appends the next page of results; only their files are loaded. */
      function showMore() {
        var next = kept.slice(shown, shown + PAGE_RESULTS);
        var from = kept;
        return loadDocs(index, next).then(function (docs) {
          if (from !== kept) return;
          var re = matcher(query, hits.terms);
          next.forEach(function (hit, i) {
            var li = element("li");
            li.appendChild(resultLink(root, hit, docs[i], re));
            list.appendChild(li);
          });
          shown += next.length;
          more.hidden = shown >= kept.length;
        });
      }
      more.addEventListener("click", showMore);
      function render() {
        kept = hits.filter(function (hit) { return passes(hit, null); });
        shown = 0;
        list.textContent = "";
        drawFacets();
        status.textContent = !kept.length ? "No results for “" + query + "”."
          : kept.length + (kept.length === 1 ? " result" : " results") + " for “" + query + "”.";
        return showMore();
      }
      function drawFacets() {
        facetsBox.textContent = "";
        FACETS.forEach(function (f) {
          var counts = new Map();
          hits.filter(function (hit) { return passes(hit, f[0]); }).forEach(function (hit) {
            valueOf(hit.doc, f[0]).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
          });
          chosen[f[0]].forEach(function (v) { if (!counts.has(v)) counts.set(v, 0); });
          if (!counts.size) return;
          var set = element("fieldset", "search-facet");
          set.setAttribute("data-facet", f[0]);
          set.appendChild(element("legend", "", f[1]));
          Array.from(counts.keys()).sort(function (a, b) {
            return counts.get(b) - counts.get(a) || a.localeCompare(b);
          }).forEach(function (value) {
            var label = element("label", "search-facet-option");
            var box = element("input");
            box.type = "checkbox";
            box.value = value;
            box.checked = chosen[f[0]].indexOf(value) >= 0;
            box.addEventListener("change", function () {
              var now = chosen[f[0]].filter(function (v) { return v !== value; });
              if (box.checked) now.push(value);
              chosen[f[0]] = now;
              var url = new URLSearchParams({ q: query });
              FACETS.forEach(function (g) {
                chosen[g[0]].forEach(function (v) { url.append(g[0], v); });
              });
              history.replaceState(null, "", "?" + url.toString());
              render();
            });
            label.appendChild(box);
            label.appendChild(document.createTextNode(" " + value + " "));
            label.appendChild(element("span", "search-facet-count", String(counts.get(value))));
            set.appendChild(label);
          });
          facetsBox.appendChild(set);
        });
      }
      return render();
    }).catch(function () {
      status.textContent = "Search is unavailable: the index could not be loaded.";
    }).then(function () { page.setAttribute("data-search", "done"); });
  }

  function init() {
    var form = document.querySelector(".site-search");
    if (form) initBox(form);
    var page = document.querySelector("[data-search-page]");
    if (page && form) initPage(page, form.getAttribute("data-search-root") || "");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
