/* Essex crime-prevention assistant: the chat widget.
 * Plain JavaScript, no dependencies. Bot text is always inserted as text,
 * never as HTML. The conversation is kept in sessionStorage (gone when the
 * tab closes) unless the site owner opted in to localStorage. */
(function () {
  "use strict";
  var cfg = window.__ecpaConfig;
  if (!cfg || document.getElementById("ecpa-panel")) { return; }

  var KEY = "ecpa.conversation.v1";
  var store = cfg.storage === "local" ? window.localStorage : window.sessionStorage;
  var state = load();
  var lastEscape = 0;
  var busy = false;

  function load() {
    try {
      var saved = JSON.parse(store.getItem(KEY) || "null");
      if (saved && Array.isArray(saved.messages)) { return saved; }
    } catch (e) { /* unreadable storage: start afresh */ }
    return { token: null, messages: [], open: false };
  }

  function save() {
    try { store.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or blocked */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // ---- structure -----------------------------------------------------------
  var launcher = el("button", {
    type: "button", "class": "ecpa-launcher", "aria-expanded": "false", "aria-controls": "ecpa-panel"
  }, cfg.title);
  var panel = el("section", { id: "ecpa-panel", "class": "ecpa-panel", role: "dialog", "aria-labelledby": "ecpa-title" });
  panel.hidden = true;
  var header = el("div", { "class": "ecpa-header" });
  var title = el("h2", { id: "ecpa-title", "class": "ecpa-title" }, cfg.title);
  var exitButton = el("button", { type: "button", "class": "ecpa-exit" }, "Quick exit");
  var restartButton = el("button", { type: "button", "class": "ecpa-secondary" }, "Start again");
  var closeButton = el("button", { type: "button", "class": "ecpa-secondary", "aria-label": "Close chat" }, "Close");
  var tools = el("div", { "class": "ecpa-tools" });
  tools.append(exitButton, restartButton, closeButton);
  header.append(title, tools);
  var notice = el("p", { "class": "ecpa-notice" }, cfg.notice);
  var exitHint = el("p", { "class": "ecpa-hint" }, "Press Escape twice to leave this site quickly.");
  var log = el("ol", { "class": "ecpa-log", "aria-label": "Conversation", tabindex: "0" });
  var announcer = el("div", { "class": "ecpa-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
  var typing = el("p", { "class": "ecpa-typing" }, "The assistant is typing\u2026");
  typing.hidden = true;
  var form = el("form", { "class": "ecpa-form" });
  var label = el("label", { "for": "ecpa-input", "class": "ecpa-label" }, "Type your question");
  var input = el("textarea", { id: "ecpa-input", "class": "ecpa-input", rows: "2", maxlength: String(cfg.maxChars) });
  var send = el("button", { type: "submit", "class": "ecpa-send" }, "Send");
  form.append(label, input, send);
  var feedback = el("div", { "class": "ecpa-feedback", role: "group", "aria-labelledby": "ecpa-feedback-q" });
  var feedbackQuestion = el("span", { id: "ecpa-feedback-q" }, "Was this helpful?");
  var helpfulYes = el("button", { type: "button", "class": "ecpa-secondary" }, "Yes");
  var helpfulNo = el("button", { type: "button", "class": "ecpa-secondary" }, "No");
  feedback.append(feedbackQuestion, helpfulYes, helpfulNo);
  feedback.hidden = true;
  panel.append(header, notice, exitHint, log, typing, feedback, form, announcer);
  if (cfg.color) {
    launcher.style.setProperty("--ecpa-primary", cfg.color);
    panel.style.setProperty("--ecpa-primary", cfg.color);
  }
  document.body.append(launcher, panel);

  // ---- rendering -----------------------------------------------------------
  var LINK = /https:\/\/[^\s<>"')]+[^\s<>"').,;:!?]/g;

  function appendText(parent, text) {
    text.split("\n").forEach(function (line, index) {
      if (index) { parent.appendChild(document.createElement("br")); }
      var last = 0;
      line.replace(LINK, function (url, offset) {
        parent.appendChild(document.createTextNode(line.slice(last, offset)));
        var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
        parent.appendChild(a);
        last = offset + url.length;
        return url;
      });
      parent.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  function renderMessage(message, isNew) {
    var item = el("li", { "class": "ecpa-msg ecpa-" + message.from });
    item.appendChild(el("span", { "class": "ecpa-visually-hidden" }, message.from === "bot" ? "Assistant: " : "You: "));
    var body = el("div", { "class": "ecpa-body" });
    appendText(body, message.text || "");
    item.appendChild(body);
    log.appendChild(item);
    if (isNew && message.from === "bot") { announcer.textContent = message.text; }
    return item;
  }

  function renderButtons(buttons) {
    clearButtons();
    if (!buttons || !buttons.length) { return; }
    var group = el("div", { "class": "ecpa-quick", role: "group", "aria-label": "Suggested replies" });
    buttons.forEach(function (button) {
      var b = el("button", { type: "button", "class": "ecpa-chip" }, button.title);
      b.addEventListener("click", function () { submit(button.payload, button.title); });
      group.appendChild(b);
    });
    var holder = el("li", { "class": "ecpa-quick-holder" });
    holder.appendChild(group);
    log.appendChild(holder);
  }

  function clearButtons() {
    var old = log.querySelector(".ecpa-quick-holder");
    if (old) { old.remove(); }
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function renderAll() {
    log.textContent = "";
    state.messages.forEach(function (m) { renderMessage(m, false); });
    var last = state.messages[state.messages.length - 1];
    if (last && last.from === "bot") { renderButtons(last.buttons); }
    showFeedback();
    scrollDown();
  }

  // ---- talking to the server -------------------------------------------------
  function post(path, body) {
    return fetch(cfg.base + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function ensureSession() {
    if (state.token) { return Promise.resolve(state.token); }
    return post("/api/session", {}).then(function (r) {
      if (r.status !== 200) { throw new Error(r.data.error || cfg.unavailable); }
      state.token = r.data.token;
      save();
      return state.token;
    });
  }

  function showFeedback() {
    var asked = state.messages.some(function (m) { return m.from === "user"; });
    feedback.hidden = !asked || !!state.feedback;
  }

  function giveFeedback(helpful) {
    state.feedback = true;
    save();
    feedback.hidden = true;
    announcer.textContent = "Thank you for your feedback.";
    ensureSession().then(function (token) {
      return post("/api/feedback", { token: token, helpful: helpful });
    }).catch(function () { /* feedback is optional; never trouble the resident */ });
  }

  function addBot(text, buttons) {
    var message = { from: "bot", text: text, buttons: buttons || [] };
    state.messages.push(message);
    save();
    renderMessage(message, true);
    renderButtons(message.buttons);
    showFeedback();
    scrollDown();
  }

  function submit(text, shown) {
    text = (text || "").trim();
    if (!text || busy) { return; }
    busy = true;
    clearButtons();
    var pasting = !!state.expectPaste && text.charAt(0) !== "/";
    state.expectPaste = false;
    label.textContent = "Type your question";
    var mine = { from: "user", text: shown || text };
    state.messages.push(mine);
    save();
    renderMessage(mine, false);
    typing.hidden = false;
    scrollDown();
    var attempt = function (retry) {
      return ensureSession().then(function (token) {
        // After "Check a message" the next typed message is one the resident
        // got: it is checked for a scam, not read as their own words.
        return post("/api/chat", { token: token, message: text, pasted: pasting });
      }).then(function (r) {
        if (r.status === 401 && retry) { state.token = null; return attempt(false); }
        if (r.status !== 200) { throw new Error(r.data.error || cfg.unavailable); }
        (r.data.messages || []).forEach(function (m) {
          addBot(m.text, m.buttons);
          if (m.expect === "paste") {
            state.expectPaste = true;
            save();
            label.textContent = "Paste the message you got";
          }
        });
      });
    };
    attempt(true).catch(function (error) {
      var reason = error && error.message && error.message !== "Failed to fetch" ? error.message : cfg.unavailable;
      addBot(reason === cfg.unavailable ? reason : reason + "\n" + cfg.notice, []);
    }).then(function () {
      busy = false;
      typing.hidden = true;
    });
  }

  // ---- opening, closing, leaving ---------------------------------------------
  function open(moveFocus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    renderAll();
    if (moveFocus !== false) { input.focus(); }
    if (!state.messages.length && cfg.startTopic) { submit(cfg.topics[cfg.startTopic]); }
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  function forgetOnServer(token) {
    if (!token) { return; }
    var body = JSON.stringify({ token: token });
    if (navigator.sendBeacon) {
      navigator.sendBeacon(cfg.base + "/api/forget", new Blob([body], { type: "text/plain" }));
    } else {
      fetch(cfg.base + "/api/forget", { method: "POST", body: body, keepalive: true, credentials: "omit" });
    }
  }

  function startAgain() {
    forgetOnServer(state.token);
    state = { token: null, messages: [], open: true };
    save();
    renderAll();
    showFeedback();
    announcer.textContent = "The conversation has been cleared.";
    input.focus();
  }

  function quickExit() {
    var token = state.token;
    try { window.sessionStorage.removeItem(KEY); window.localStorage.removeItem(KEY); } catch (e) { /* ignore */ }
    state = { token: null, messages: [], open: false };
    panel.remove();
    launcher.remove();
    forgetOnServer(token);
    window.location.replace(cfg.quickExitUrl);
  }

  launcher.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", startAgain);
  helpfulYes.addEventListener("click", function () { giveFeedback(true); });
  helpfulNo.addEventListener("click", function () { giveFeedback(false); });
  exitButton.addEventListener("click", quickExit);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    submit(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { quickExit(); return; }
    lastEscape = now;
    if (!panel.hidden) { close(); }
  });

  if (state.open) { open(false); } else { renderAll(); }
})();
