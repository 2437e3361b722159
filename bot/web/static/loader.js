/* Essex crime-prevention assistant: the one-line embed.
 * <script src="https://HOST/widget.js" defer data-title="..." data-color="#1d3b6e"
 *         data-start-topic="burglary" data-storage="session"></script>
 * Loads the content-hashed widget script and style from the same host. */
(function () {
  "use strict";
  var tag = document.currentScript;
  if (!tag || window.__ecpaLoaded) { return; }
  window.__ecpaLoaded = true;
  var base = new URL(tag.src, document.baseURI).origin;
  var config = __CONFIG__;
  var data = tag.dataset || {};
  window.__ecpaConfig = {
    base: base,
    title: data.title || "Crime prevention advice",
    color: data.color || "",
    startTopic: config.topics[data.startTopic] ? data.startTopic : "",
    storage: data.storage === "local" ? "local" : "session",
    quickExitUrl: config.quickExitUrl,
    notice: config.notice,
    unavailable: config.unavailable,
    topics: config.topics,
    maxChars: config.maxChars
  };
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = base + config.style;
  document.head.appendChild(style);
  var script = document.createElement("script");
  script.src = base + config.script;
  script.defer = true;
  document.head.appendChild(script);
})();
