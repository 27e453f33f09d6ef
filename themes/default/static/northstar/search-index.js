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

  /* The manifest, and the stemmer script it names (loaded once, beside the index). */
  Index.prototype.manifest = function () {
    if (!this.shape) {
      var root = this.root;
      this.shape = this.json("manifest.json").then(function (m) {
        var shape = { leaves: new Set(m.leaves), split: new Set(m.split), docs: m.docs, stem: null };
        var language = /^[a-z]{2}$/.test(m.stemmer || "") ? m.stemmer : null;
        if (!language) return shape;
        return loadStemmer(root, language).then(function (stem) {
          shape.stem = stem;
          return shape;
        });
      });
    }
    return this.shape;
  };

  function loadStemmer(root, language) {
    var have = window.NorthstarStem && window.NorthstarStem[language];
    if (have) return Promise.resolve(have);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root + "northstar/stem-" + language + ".js";
      script.onload = function () {
        var stem = window.NorthstarStem && window.NorthstarStem[language];
        if (stem) resolve(stem); else reject(new Error("no stemmer in " + script.src));
      };
      script.onerror = function () { reject(new Error(script.src + " did not load")); };
      document.head.appendChild(script);
    });
  }

  function fileKey(prefix) {
    var key = "x";
    new TextEncoder().encode(prefix).forEach(function (b) {
      key += (b < 16 ? "0" : "") + b.toString(16);
    });
    return key;
  }

  /* The shard holding the stems that start with `word`. */
  Index.prototype.shard = function (word) {
    var self = this;
    return this.manifest().then(function (m) { return self.shardIn(m, word); });
  };

  Index.prototype.shardIn = function (m, word) {
    var chars = Array.from(word);
    for (var n = 0; n <= chars.length; n++) {
      var key = chars.slice(0, n).join("");
      if (m.leaves.has(key)) return this.json("t/" + fileKey(key) + ".json");
      if (!m.split.has(key)) return Promise.resolve({});
      if (n === chars.length) return this.json("s/" + fileKey(key) + ".json");
    }
    return Promise.resolve({});
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

  /* Letters the index folds: accented Latin letters lose their accents (as the build's
   * push_folded in src/outputs/search/text.rs). */
  function fold(lowered) {
    var out = "";
    for (var ch of lowered) {
      var c = ch.codePointAt(0);
      if (c >= 0x300 && c <= 0x36f) continue;
      if ((c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff)) {
        ch = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      }
      out += ch;
    }
    return out;
  }

  /* Chinese characters and Japanese kana: indexed as pairs of neighbouring characters. */
  function isCjk(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f) ||
      (c >= 0x20000 && c <= 0x2ffff);
  }

  /* The words of a query as the index keeps them: [{text, cjk}]. */
  function words(query) {
    var found = [];
    fold(query.toLowerCase()).split(/[^\p{L}\p{N}]+/u).forEach(function (piece) {
      var chars = Array.from(piece);
      var at = 0;
      while (at < chars.length) {
        var cjk = isCjk(chars[at]);
        var end = at;
        while (end < chars.length && isCjk(chars[end]) === cjk) end++;
        var stretch = chars.slice(at, end);
        if (!cjk && stretch.length >= MIN_CHARS && stretch.length <= 32) {
          found.push({ text: stretch.join(""), cjk: false });
        }
        for (var i = 0; cjk && i + 1 < stretch.length; i++) {
          found.push({ text: stretch[i] + stretch[i + 1], cjk: true });
        }
        at = end;
      }
    });
    return found;
  }

  /* Edit distance of `a` and `b` (a swap of neighbours counts one), or more than `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null;
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var next = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var d = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        if (before && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) &&
            a.charAt(i - 2) === b.charAt(j - 1)) {
          d = Math.min(d, before[j - 2] + 1);
        }
        next.push(d);
        least = Math.min(least, d);
      }
      if (least > max) return max + 1;
      before = row;
      row = next;
    }
    return row[b.length];
  }

  /* How a word of the index matched a query word, and what it counts for. */
  var EXACT = 1, PREFIX = 0.8, STEM = 0.6, NEAR = 0.4, NEARER = 0.3;
  var TYPO_MIN = 5, TYPO_TWO = 9;

  /* Each word of `q.shards` that matches the query word `q.word` (stemmed `q.stem`):
   * {found: Map word → factor, groups: [{key: stem, words: {word: postings}}]}. */
  function matches(q) {
    var word = q.word;
    var stem = q.stem;
    var found = new Map();
    function note(term, factor) {
      if ((found.get(term) || 0) < factor) found.set(term, factor);
    }
    var groups = [];
    q.shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (key) {
        var value = shard[key];
        var group = {};
        if (Array.isArray(value)) group[key] = value; else group = value;
        groups.push({ key: key, words: group });
      });
    });
    groups.forEach(function (g) {
      var terms = Object.keys(g.words);
      var sameStem = g.key === stem || terms.indexOf(word) >= 0;
      terms.forEach(function (term) {
        if (term === word) note(term, EXACT);
        else if (!q.cjk && term.lastIndexOf(word, 0) === 0) note(term, PREFIX);
        else if (sameStem) note(term, STEM);
      });
    });
    var length = Array.from(word).length;
    if (found.size || q.cjk || length < TYPO_MIN) return { found: found, groups: groups };
    var max = length >= TYPO_TWO ? 2 : 1;
    groups.forEach(function (g) {
      Object.keys(g.words).forEach(function (term) {
        var d = distance(word, term, max);
        if (d <= max) note(term, d === 1 ? NEAR : NEARER);
      });
    });
    return { found: found, groups: groups };
  }

  /*
   * Every document that has all the words, best first: [{doc, score, section}], with
   * `terms`, the words of the index that matched (for highlighting). A word matches the
   * words it starts (a whole word counts more), the other words of its stem, and, when it
   * has none of those and five letters or more, the words one typing slip away (two from
   * nine letters). A document with the words as typed comes before one with only other
   * forms of them.
   */
  Index.prototype.search = function (query) {
    var self = this;
    var wanted = words(query);
    if (!wanted.length) return Promise.resolve(Object.assign([], { terms: [] }));
    return this.manifest().then(function (m) {
      return Promise.all(wanted.map(function (w) {
        var stem = m.stem && !w.cjk ? m.stem(w.text) : w.text;
        var own = self.shardIn(m, w.text);
        var more = stem === w.text ? own : self.shardIn(m, stem);
        return Promise.all([own, more]).then(function (pair) {
          return { word: w.text, stem: stem, cjk: w.cjk, shards: pair[0] === pair[1] ? [pair[0]] : pair };
        });
      }));
    }).then(function (looked) {
      var total = null;
      var terms = new Set();
      looked.forEach(function (q) {
        var result = matches(q);
        var best = new Map();
        result.groups.forEach(function (g) {
          Object.keys(g.words).forEach(function (term) {
            var factor = result.found.get(term);
            if (!factor) return;
            terms.add(term);
            var postings = g.words[term];
            for (var p = 0; p < postings.length; p += 3) {
              var score = postings[p + 2] * factor;
              var seen = best.get(postings[p]);
              if (!seen || seen.score < score) {
                best.set(postings[p], { score: score, section: postings[p + 1], asTyped: factor >= PREFIX });
              } else if (factor >= PREFIX) {
                seen.asTyped = true;
              }
            }
          });
        });
        if (total === null) {
          total = new Map();
          best.forEach(function (hit, doc) {
            total.set(doc, { doc: doc, score: hit.score, section: hit.section, top: hit.score,
              asTyped: hit.asTyped ? 1 : 0 });
          });
          return;
        }
        total.forEach(function (hit, doc) {
          var more = best.get(doc);
          if (!more) { total.delete(doc); return; }
          hit.score += more.score;
          hit.asTyped += more.asTyped ? 1 : 0;
          if (more.score > hit.top) { hit.top = more.score; hit.section = more.section; }
        });
      });
      var hits = Array.from(total.values()).sort(function (a, b) {
        return b.asTyped - a.asTyped || b.score - a.score || a.doc - b.doc;
      });
      hits.terms = Array.from(terms).concat(wanted.filter(function (w) { return w.cjk; })
        .map(function (w) { return w.text; }));
      return hits;
    });
  };

  /* Showing results ------------------------------------------------------ */

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  /*
   * What to highlight for a query: the words of the index that matched (`hits.terms`),
   * the words typed (a word of the text that starts with one is marked too, as it matched
   * while typing) and the Chinese or Japanese pairs typed (marked wherever they occur).
   */
  function matcher(query, terms) {
    var typed = words(query);
    if (!typed.length) return null;
    return {
      terms: new Set((terms || []).filter(function (t) { return !isCjk(Array.from(t)[0]); })),
      starts: typed.filter(function (w) { return !w.cjk; }).map(function (w) { return w.text; }),
      pairs: typed.filter(function (w) { return w.cjk; }).map(function (w) { return w.text; })
    };
  }

  /* The [start, end) ranges of `text` to highlight, in order. */
  function marks(text, re) {
    var ranges = [];
    if (!re) return ranges;
    var word = /[\p{L}\p{N}]+/gu;
    var m;
    while ((m = word.exec(text))) {
      var token = m[0];
      var folded = fold(token.toLowerCase());
      if (re.pairs.length && Array.from(token).some(isCjk)) {
        re.pairs.forEach(function (pair) {
          for (var at = token.indexOf(pair); at >= 0; at = token.indexOf(pair, at + 1)) {
            ranges.push([m.index + at, m.index + at + pair.length]);
          }
        });
      } else if (re.terms.has(folded) || re.starts.some(function (s) { return folded.lastIndexOf(s, 0) === 0; })) {
        ranges.push([m.index, m.index + token.length]);
      }
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    return ranges.filter(function (r, i) { return i === 0 || r[0] >= ranges[i - 1][1]; });
  }

  /* Appends `text` to `out`; a line break, where the index separates blocks (paragraphs,
   * list items, table cells), as a visible separator. */
  function appendText(out, text) {
    text.split("\n").forEach(function (part, i) {
      if (i > 0) out.appendChild(element("span", "search-result-break", " · "));
      if (part) out.appendChild(document.createTextNode(part));
    });
  }

  /* `text` with its ranges `re` marks highlighted, into `out`. */
  function highlighted(out, text, re) {
    var at = 0;
    marks(text, re).forEach(function (r) {
      appendText(out, text.slice(at, r[0]));
      out.appendChild(element("mark", "", text.slice(r[0], r[1])));
      at = r[1];
    });
    appendText(out, text.slice(at));
    return out;
  }

  /* About 160 characters of `text` around its first match, matches in <mark>. */
  function snippet(text, re) {
    var out = element("span", "search-result-snippet");
    var first = marks(text, re)[0];
    var start = first ? Math.max(0, first[0] - 50) : 0;
    if (start > 0) {
      var space = text.slice(start).search(/[ \n]/);
      start = space >= 0 && space < 20 ? start + space + 1 : start;
    }
    var end = Math.min(text.length, start + 160);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) end++;
    if (start > 0) out.appendChild(document.createTextNode("… "));
    highlighted(out, text.slice(start, end), re);
    if (end < text.length) out.appendChild(document.createTextNode(" …"));
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
    var title = highlighted(element("span", "search-result-title"), doc.t, re);
    if (part[0]) {
      title.appendChild(element("span", "search-result-sep", " › "));
      title.appendChild(highlighted(element("span", "search-result-section"), part[1], re));
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
