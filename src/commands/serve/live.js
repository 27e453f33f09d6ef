// Northstar live reload, injected by `northstar serve` into every HTML response.
// Reloads the page when it changed (keeping the scroll position), restyles on CSS-only
// changes, shows build errors in an overlay, and reconnects after a server restart. A page
// shown ahead of a rebuild (data-ahead) is not reloaded again when that rebuild publishes
// (the message's `after`): the files it loaded waited for that site.
(function () {
  "use strict";
  var script = document.currentScript;
  var page = script.getAttribute("data-page");
  var missing = script.getAttribute("data-missing") === "true";
  var ahead = script.getAttribute("data-ahead");
  var server = null;
  var scrollKey = "northstar-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var restore = function () {
      window.scrollTo({ top: parseFloat(saved) || 0, left: 0, behavior: "instant" });
    };
    if (document.readyState === "complete") restore(); else addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function restyle(changed) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      var path = decodeURIComponent(url.pathname.replace(/^\//, ""));
      if (changed.indexOf(path) >= 0) {
        url.searchParams.set("northstar", String(Date.now()));
        links[i].href = url.href;
      }
    }
  }

  function onReload(changed) {
    if (missing || changed.indexOf(page) >= 0) return reload();
    var others = changed.filter(function (p) { return !/\.html$/.test(p); });
    if (others.length === 0) return;
    if (others.every(function (p) { return /\.css$/.test(p); })) return restyle(others);
    reload();
  }

  function overlay(errors) {
    var old = document.getElementById("northstar-overlay");
    if (old) old.remove();
    if (!errors) return;
    var box = document.createElement("div");
    box.id = "northstar-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;" +
      "z-index:2147483647;background:#2b0b0e;color:#fff;border:2px solid #ff6b6b;border-radius:8px;" +
      "padding:1rem 1.25rem;font:14px/1.5 ui-monospace,monospace;box-shadow:0 8px 32px rgba(0,0,0,.5)";
    var title = document.createElement("strong");
    title.textContent = "Northstar: the last change did not build; showing the last good version.";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem";
    errors.forEach(function (e) {
      var item = document.createElement("li");
      item.textContent = (e.location ? e.location + ": " : "") + e.message;
      if (e.help) {
        var help = document.createElement("div");
        help.style.opacity = "0.8";
        help.textContent = "help: " + e.help;
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__northstar/ws");
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "hello") {
        if (server !== null && server !== message.server) return reload();
        server = message.server;
      } else if (message.type === "reload") {
        if (message.all) return reload();
        if (ahead !== null && String(message.after) === ahead) return;
        onReload(message.changed);
      } else if (message.type === "errors") {
        overlay(message.errors);
      } else if (message.type === "ok") {
        overlay(null);
      }
    };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
