/*
 * Northstar default theme: offline search.
 *
 * Reads the static index that `northstar build` writes into search/ (see
 * src/search/mod.rs for the format) and loads only what a query needs: the
 * manifest, one word shard per word typed, and one small file per result
 * shown. Adds:
 *   1. results while you type in the header box (2 characters or more), with
 *      arrow keys, Enter and Esc; `/` or Ctrl-K focuses the box;
 *   2. the results page, search/index.html?q=…, ten results at a time,
 *      with filters by kind, status, owner and tag.
 * Opened from disk (file://) the browser refuses to load the index, so the
 * box says so instead of failing silently. No network beyond the site's own
 * files, no dependencies, no globals.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var POPUP_RESULTS = 8;
  var PAGE_RESULTS = 10;
  var FROM_DISK = "Search needs the handbook to be served by a web server " +
    "(for example `python3 -m http.server` in the site folder); " +
    "browsers do not let a page opened from disk read the search index.";
  var FACETS = [["kind", "Kind"], ["status", "Status"], ["owner", "Owner"], ["tag", "Tag"]];

  /* The index ------------------------------------------------------------ */

  function Index(root) {
    this.root = root;
    this.files = {};
  }

  Index.prototype.json = function (path) {
    var files = this.files;
    if (!files[path]) {
      files[path] = fetch(this.root + "search/" + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  };

  Index.prototype.manifest = function () {
    if (!this.shape) {
      this.shape = this.json("manifest.json").then(function (m) {
        return { leaves: new Set(m.leaves), split: new Set(m.split), docs: m.docs };
      });
    }
    return this.shape;
  };

  function fileKey(prefix) {
    var key = "x";
    new TextEncoder().encode(prefix).forEach(function (b) {
      key += (b < 16 ? "0" : "") + b.toString(16);
    });
    return key;
  }

  /* The shard holding the words that start with `word`. */
  Index.prototype.shard = function (word) {
    var self = this;
    return this.manifest().then(function (m) {
      var chars = Array.from(word);
      for (var n = 0; n <= chars.length; n++) {
        var key = chars.slice(0, n).join("");
        if (m.leaves.has(key)) return self.json("t/" + fileKey(key) + ".json");
        if (!m.split.has(key)) return {};
        if (n === chars.length) return self.json("s/" + fileKey(key) + ".json");
      }
      return {};
    });
  };

  Index.prototype.doc = function (n) { return this.json("d/" + n + ".json"); };
  /* facets.json, decoded: {fields, docs: [[kind, status, owner, [tags]], …]} (-1: none). */
  Index.prototype.facets = function () {
    return this.json("facets.json").then(function (f) {
      var digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
      var at = 0;
      function number(width) {
        var n = 0;
        for (var i = 0; i < width; i++) n = n * 64 + digits.indexOf(f.docs.charAt(at++));
        return n - 1;
      }
      var docs = [];
      while (at < f.docs.length) {
        var doc = [number(f.width.kind), number(f.width.status), number(f.width.owner)];
        var count = number(1) + 1;
        var tags = [];
        for (var t = 0; t < count; t++) tags.push(number(f.width.tag));
        doc.push(tags);
        docs.push(doc);
      }
      return { fields: f.fields, docs: docs };
    });
  };

  function words(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      var n = Array.from(w).length;
      return n >= MIN_CHARS && n <= 32;
    });
  }

  /*
   * Every document that has all the words (the last one, or any, may be the
   * start of a word), best first: [{doc, score, section}]. A whole-word match
   * counts more than a word that only starts with what was typed.
   */
  Index.prototype.search = function (query) {
    var wanted = words(query);
    if (!wanted.length) return Promise.resolve([]);
    return Promise.all(wanted.map(this.shard, this)).then(function (shards) {
      var total = null;
      shards.forEach(function (shard, i) {
        var word = wanted[i];
        var best = new Map();
        Object.keys(shard).forEach(function (term) {
          if (term.lastIndexOf(word, 0) !== 0) return;
          var factor = term === word ? 1 : 0.8;
          var postings = shard[term];
          for (var p = 0; p < postings.length; p += 3) {
            var score = postings[p + 2] * factor;
            var seen = best.get(postings[p]);
            if (!seen || seen.score < score) {
              best.set(postings[p], { score: score, section: postings[p + 1] });
            }
          }
        });
        if (total === null) {
          total = new Map();
          best.forEach(function (hit, doc) {
            total.set(doc, { doc: doc, score: hit.score, section: hit.section, top: hit.score });
          });
          return;
        }
        total.forEach(function (hit, doc) {
          var more = best.get(doc);
          if (!more) { total.delete(doc); return; }
          hit.score += more.score;
          if (more.score > hit.top) { hit.top = more.score; hit.section = more.section; }
        });
      });
      return Array.from(total.values()).sort(function (a, b) {
        return b.score - a.score || a.doc - b.doc;
      });
    });
  };

  /* Showing results ------------------------------------------------------ */

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* Words of `text` that start with a query word, as a RegExp. */
  function matcher(query) {
    var list = words(query).map(escapeRegExp);
    if (!list.length) return null;
    return new RegExp("(^|[^\\p{L}\\p{N}])((?:" + list.join("|") + ")[\\p{L}\\p{N}]*)", "giu");
  }

  /* About 160 characters of `text` around its first match, matches in <mark>. */
  function snippet(text, re) {
    var out = element("span", "search-result-snippet");
    var start = 0;
    if (re) {
      re.lastIndex = 0;
      var first = re.exec(text);
      if (first) start = Math.max(0, first.index - 50);
    }
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < start + 20 ? space + 1 : start;
    }
    var part = text.slice(start, start + 160);
    if (start > 0) out.appendChild(document.createTextNode("… "));
    var at = 0;
    if (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(part))) {
        var wordStart = m.index + m[1].length;
        out.appendChild(document.createTextNode(part.slice(at, wordStart)));
        out.appendChild(element("mark", "", m[2]));
        at = wordStart + m[2].length;
      }
    }
    out.appendChild(document.createTextNode(part.slice(at)));
    if (start + 160 < text.length) out.appendChild(document.createTextNode(" …"));
    return out;
  }

  function badge(className, text) {
    var label = text.replace(/[-_]/g, " ");
    if (label === label.toLowerCase()) label = label.charAt(0).toUpperCase() + label.slice(1);
    return element("span", "badge " + className, label);
  }

  /* One result as a link to its section: title, section, kind, status, snippet. */
  function resultLink(root, hit, doc, re) {
    var part = doc.p[hit.section] || doc.p[0];
    var a = element("a", "search-result");
    a.href = root + doc.u + (part[0] ? "#" + encodeURIComponent(part[0]) : "");
    var title = element("span", "search-result-title", doc.t);
    if (part[0]) {
      title.appendChild(element("span", "search-result-sep", " › "));
      title.appendChild(element("span", "search-result-section", part[1]));
    }
    a.appendChild(title);
    var meta = element("span", "search-result-meta");
    meta.appendChild(badge("badge-kind", doc.k));
    if (doc.s) meta.appendChild(badge("badge-status", doc.s));
    a.appendChild(meta);
    var text = part[2] || (doc.p[1] && doc.p[1][2]) || "";
    a.appendChild(snippet(text, re));
    return a;
  }

  function loadDocs(index, hits) {
    return Promise.all(hits.map(function (hit) { return index.doc(hit.doc); }));
  }

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
          var re = matcher(query);
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
          var re = matcher(query);
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
