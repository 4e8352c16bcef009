// Live SMS preview: characters and segments (GSM-7 160/153, UCS-2 70/67) as the note is typed.
// Loaded from the page body (hx-boost swaps only the body), so it may run more than once.
(function () {
  "use strict";
  if (!window.CampaignSafeSms) {
    var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
      "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    var EXTENDED = "^{}\\[~]|€\f";

    var measure = function (text) {
      var gsm = true, units = 0, i, ch;
      for (i = 0; i < text.length; i++) {
        ch = text.charAt(i);
        if (EXTENDED.indexOf(ch) >= 0) { units += 2; }
        else if (BASIC.indexOf(ch) >= 0) { units += 1; }
        else { gsm = false; break; }
      }
      if (!gsm) { units = text.length; } // UTF-16 code units, as UCS-2 counts them
      var single = gsm ? 160 : 70, multi = gsm ? 153 : 67;
      var segments = units <= single ? 1 : Math.ceil(units / multi);
      return { encoding: gsm ? "GSM-7" : "UCS-2", characters: units, segments: segments };
    };

    var bind = function (root) {
      var source = document.getElementById(root.getAttribute("data-sms-source"));
      if (!source || root.dataset.smsBound) { return; }
      root.dataset.smsBound = "1";
      var base = root.getAttribute("data-sms-base");
      var out = root.querySelector("[data-sms-text]");
      var count = root.querySelector("[data-sms-count]");
      var update = function () {
        var note = source.value.trim();
        var text = note ? base + " " + note : base;
        var m = measure(text);
        out.textContent = text;
        count.textContent = m.characters + " characters, " + m.segments + (m.segments === 1 ? " text" : " texts") +
          " (" + m.encoding + ")";
        count.classList.toggle("sms-count-over", m.segments > 1);
      };
      source.addEventListener("input", update);
      update();
    };

    var bindAll = function () { document.querySelectorAll("[data-sms-preview]").forEach(bind); };
    document.addEventListener("htmx:afterSettle", bindAll);
    window.CampaignSafeSms = { measure: measure, bindAll: bindAll };
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", window.CampaignSafeSms.bindAll);
  } else {
    window.CampaignSafeSms.bindAll();
  }
}());
