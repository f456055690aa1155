import { HCAPTCHA_TEST_TOKEN } from "./fake-hcaptcha";

/**
 * The JavaScript of a loopback stand-in for hCaptcha's `api.js`, good enough for
 * `@hcaptcha/react-hcaptcha` 2.2.0 (whose bundled loader adds
 * `?onload=hCaptchaOnLoad&render=explicit&hl=…&uj=false` to the script URL, waits for the
 * `onload` callback, then calls `hcaptcha.render(container, params)`; on a solve it reads the
 * token back with `getResponse(id)` / `getRespKey(id)`; on unmount it calls `reset` + `remove`).
 *
 * `render` puts a real, visible button ("I am human", id `fake-hcaptcha-checkbox`) in the
 * container; clicking it stores the hCaptcha test token (accepted by the fake siteverify) and
 * calls `params.callback(token)`. No network traffic, no inline styles (the page's CSP allows
 * no 'unsafe-inline'), no eval.
 *
 * Serve it from the fake server: `fake.routes.set("/1/api.js", ["application/javascript", fakeHcaptchaApiJs()])`
 * and start the app with `HCAPTCHA_SCRIPT_URL=<fake.origin>/1/api.js` plus `hcaptchaEnv(fake)`.
 */
export function fakeHcaptchaApiJs(token: string = HCAPTCHA_TEST_TOKEN): string {
  return `(function () {
  "use strict";
  var TOKEN = ${JSON.stringify(token)};
  var script = document.currentScript;
  var query = new URL(script && script.src ? script.src : location.href, location.href).searchParams;
  var widgets = {};
  var counter = 0;

  function widget(id) {
    if (id === undefined || id === null || id === "") {
      var ids = Object.keys(widgets);
      return ids.length ? widgets[ids[0]] : undefined;
    }
    return widgets[String(id)];
  }
  function call(params, name, arg) {
    var fn = params && params[name];
    if (typeof fn === "string") fn = window[fn];
    if (typeof fn === "function") fn(arg);
  }
  function solve(w) {
    w.response = TOKEN;
    w.respKey = "fake-resp-key-" + w.id;
    w.button.textContent = "\\u2713 I am human";
    w.button.setAttribute("aria-pressed", "true");
    w.button.setAttribute("data-solved", "true");
    var input = w.container.querySelector('textarea[name="h-captcha-response"]');
    if (input) input.value = TOKEN;
    call(w.params, "callback", TOKEN);
    return { response: TOKEN, key: w.respKey };
  }

  var hcaptcha = {
    __fake: true,
    render: function (container, params) {
      var el = typeof container === "string" ? document.getElementById(container) : container;
      if (!el) throw new Error("[fake hCaptcha] no container");
      params = params || {};
      var id = String(++counter);
      var box = document.createElement("div");
      box.className = "fake-hcaptcha";
      box.setAttribute("data-hcaptcha-widget-id", id);
      box.setAttribute("data-sitekey", String(params.sitekey || ""));
      box.setAttribute("data-hl", String(params.hl || query.get("hl") || ""));
      var button = document.createElement("button");
      button.type = "button";
      button.id = counter === 1 ? "fake-hcaptcha-checkbox" : "fake-hcaptcha-checkbox-" + id;
      button.className = "fake-hcaptcha-checkbox";
      button.textContent = "I am human";
      button.setAttribute("aria-pressed", "false");
      var response = document.createElement("textarea");
      response.name = "h-captcha-response";
      response.hidden = true;
      box.appendChild(button);
      box.appendChild(response);
      el.appendChild(box);
      var w = { id: id, container: el, box: box, button: button, params: params, response: "", respKey: "" };
      widgets[id] = w;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        if (!w.response) solve(w);
      });
      return id;
    },
    getResponse: function (id) {
      var w = widget(id);
      return w ? w.response : "";
    },
    getRespKey: function (id) {
      var w = widget(id);
      return w ? w.respKey : "";
    },
    reset: function (id) {
      var w = widget(id);
      if (!w) return;
      w.response = "";
      w.respKey = "";
      w.button.textContent = "I am human";
      w.button.setAttribute("aria-pressed", "false");
      w.button.removeAttribute("data-solved");
      var input = w.container.querySelector('textarea[name="h-captcha-response"]');
      if (input) input.value = "";
    },
    remove: function (id) {
      var w = widget(id);
      if (!w) return;
      if (w.box.parentNode) w.box.parentNode.removeChild(w.box);
      delete widgets[w.id];
    },
    execute: function (id, opts) {
      var w = widget(id);
      if (!w) {
        if (opts && opts.async) return Promise.reject(new Error("invalid-hcaptcha-id"));
        return;
      }
      var result = solve(w);
      if (opts && opts.async) return Promise.resolve(result);
    },
    setData: function () {},
    close: function (id) {
      var w = widget(id);
      if (w) call(w.params, "close-callback");
    }
  };
  window.hcaptcha = hcaptcha;

  var onload = query.get("onload");
  if (onload && typeof window[onload] === "function") {
    // Like the real api.js: the onload callback runs after the script has finished evaluating.
    setTimeout(function () { window[onload](); }, 0);
  }
})();
`;
}
