/*
 * Northstar default theme: the English stemmer of the search box.
 *
 * The Snowball English ("Porter2") algorithm, written for this theme: the
 * build stems every indexed word with the rust-stemmers crate, and the
 * search box stems the words typed with this file, so that "invoicing" finds
 * "invoices". tests/search_stemmer.rs holds the two to the same stems.
 * Loaded by search-index.js when the index says its language is English;
 * defines `NorthstarStem.en(word)` for lower-case words of the letters a-z.
 */
(function () {
  "use strict";

  var VOWEL = "aeiouy";
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var LI_ENDING = "cdeghkmnrt";
  var WHOLE = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli",
    singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var STEP_2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
    ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
    ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]
  ];
  var STEP_3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP_4 = [
    "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti",
    "ous", "ive", "ize", "ion", "al", "er", "ic"
  ];

  function vowel(w, i) { return VOWEL.indexOf(w.charAt(i)) >= 0; }

  /* Where the region after the first non-vowel following a vowel, from `from`, starts. */
  function region(w, from) {
    for (var i = from + 1; i < w.length; i++) {
      if (!vowel(w, i) && vowel(w, i - 1)) return i + 1;
    }
    return w.length;
  }

  /* The longest of `list` (each an entry or [entry, …]) that `w` ends with. */
  function longest(w, list) {
    for (var i = 0; i < list.length; i++) {
      var suffix = typeof list[i] === "string" ? list[i] : list[i][0];
      if (w.length >= suffix.length && w.slice(-suffix.length) === suffix) return list[i];
    }
    return null;
  }

  function ends(w, suffix) { return w.slice(-suffix.length) === suffix; }

  /* A short syllable ends at `end` (exclusive). */
  function shortBefore(w, end) {
    var c = w.charAt(end - 1);
    if (end >= 3 && !vowel(w, end - 3) && vowel(w, end - 2) && !vowel(w, end - 1) &&
        "wxY".indexOf(c) < 0) return true;
    return end === 2 && vowel(w, 0) && !vowel(w, 1);
  }

  function hasVowel(w, end) {
    for (var i = 0; i < end; i++) if (vowel(w, i)) return true;
    return false;
  }

  function step1a(w) {
    if (ends(w, "sses")) return w.slice(0, -2);
    if (ends(w, "ied") || ends(w, "ies")) return w.slice(0, w.length > 4 ? -2 : -1);
    if (ends(w, "us") || ends(w, "ss")) return w;
    if (ends(w, "s") && hasVowel(w, w.length - 2)) return w.slice(0, -1);
    return w;
  }

  function step1b(w, p1) {
    var found = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (!found) return w;
    var stem = w.slice(0, w.length - found.length);
    if (found === "eed" || found === "eedly") {
      return stem.length >= p1 ? stem + "ee" : w;
    }
    if (!hasVowel(stem, stem.length)) return w;
    if (ends(stem, "at") || ends(stem, "bl") || ends(stem, "iz")) return stem + "e";
    if (DOUBLES.indexOf(stem.slice(-2)) >= 0) return stem.slice(0, -1);
    if (stem.length === p1 && shortBefore(stem, stem.length)) return stem + "e";
    return stem;
  }

  function step1c(w) {
    var last = w.charAt(w.length - 1);
    if ((last === "y" || last === "Y") && w.length > 2 && !vowel(w, w.length - 2)) {
      return w.slice(0, -1) + "i";
    }
    return w;
  }

  function step2(w, p1) {
    var found = longest(w, STEP_2);
    if (!found || w.length - found[0].length < p1) return w;
    var stem = w.slice(0, w.length - found[0].length);
    if (found[0] === "ogi" && !ends(stem, "l")) return w;
    if (found[0] === "li" && LI_ENDING.indexOf(stem.charAt(stem.length - 1)) < 0) return w;
    return stem + found[1];
  }

  function step3(w, p1, p2) {
    var found = longest(w, STEP_3);
    if (!found || w.length - found[0].length < p1) return w;
    if (found[0] === "ative" && w.length - 5 < p2) return w;
    return w.slice(0, w.length - found[0].length) + found[1];
  }

  function step4(w, p2) {
    var found = longest(w, STEP_4);
    if (!found || w.length - found.length < p2) return w;
    var stem = w.slice(0, w.length - found.length);
    if (found === "ion" && !ends(stem, "s") && !ends(stem, "t")) return w;
    return stem;
  }

  function step5(w, p1, p2) {
    var end = w.length - 1;
    var last = w.charAt(end);
    if (last === "e" && (end >= p2 || (end >= p1 && !shortBefore(w, end)))) return w.slice(0, -1);
    if (last === "l" && end >= p2 && w.charAt(end - 1) === "l") return w.slice(0, -1);
    return w;
  }

  function stem(word) {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(WHOLE, word)) return WHOLE[word];
    var w = word.charAt(0) === "y" ? "Y" + word.slice(1) : word;
    for (var i = 1; i < w.length; i++) {
      if (w.charAt(i) === "y" && vowel(w, i - 1)) w = w.slice(0, i) + "Y" + w.slice(i + 1);
    }
    var special = ["gener", "commun", "arsen"].filter(function (s) {
      return w.lastIndexOf(s, 0) === 0;
    })[0];
    var p1 = special ? special.length : region(w, 0);
    var p2 = region(w, p1);
    w = step1a(w);
    if (AFTER_1A.indexOf(w) < 0) {
      w = step1b(w, p1);
      w = step1c(w);
      w = step2(w, p1);
      w = step3(w, p1, p2);
      w = step4(w, p2);
      w = step5(w, p1, p2);
    }
    return w.length < 2 ? word : w.replace(/Y/g, "y");
  }

  window.NorthstarStem = window.NorthstarStem || {};
  window.NorthstarStem.en = stem;
})();
