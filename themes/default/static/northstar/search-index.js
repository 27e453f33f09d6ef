/*
 * Northstar default theme: reading the search index and showing results.
 *
 * Reads the static index that `northstar build` writes into search/ (see
 * src/search/mod.rs for the format) and loads only what a query needs: the
 * manifest, one word shard per word typed, and one small file per result
 * shown. search.js (the search box and the results page) uses it through the
 * one frozen name this file defines, `NorthstarSearch`. No network beyond the
 * site's own files, no dependencies.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;

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

  // A hundred summaries to a folder (see summary_path in src/search/mod.rs).
  Index.prototype.doc = function (n) {
    return this.json("d/" + Math.floor(n / 100) + "/" + n + ".json");
  };
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

  window.NorthstarSearch = Object.freeze({
    MIN_CHARS: MIN_CHARS,
    Index: Index,
    element: element,
    loadDocs: loadDocs,
    matcher: matcher,
    resultLink: resultLink
  });
})();
