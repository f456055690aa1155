// The place picker (app/components/place-picker.tsx) on a page sent no framework (ADR 044): each
// choice loads the next list at once, as React's picker does, and the "refresh" button that
// posts the form back is hidden. Without this file the page works as it is, with the button.
"use strict";
(function () {
  var english = document.documentElement.lang === "en";
  function selected(select) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].defaultSelected) return select.options[i].value;
    return "";
  }
  Array.prototype.forEach.call(document.querySelectorAll("fieldset.place-picker"), function (box) {
    var lists = box.querySelectorAll("select");
    if (lists.length !== 3) return;
    var province = lists[0], city = lists[1], county = lists[2];
    var fallback = box.querySelector(".noscript-place");
    var asked = [0, 0];
    function fill(select, places) {
      var choose = select.options.length ? select.options[0].text : "";
      while (select.options.length) select.remove(0);
      select.add(new Option(choose, ""));
      places.forEach(function (p) {
        select.add(new Option(english ? p.nameEn : p.nameZh, p.code));
      });
      select.value = "";
      select.disabled = places.length === 0;
    }
    function load(code, select, n) {
      var mine = ++asked[n];
      if (!code) return;
      fetch("/places/" + encodeURIComponent(code) + ".json", { credentials: "same-origin" })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          return res.json();
        })
        .then(function (places) {
          if (mine === asked[n]) fill(select, places);
        })
        .catch(function () {
          // Not loaded: the form's own way back to the server is shown again.
          if (fallback) fallback.hidden = false;
        });
    }
    province.addEventListener("change", function () {
      fill(city, []);
      fill(county, []);
      load(province.value, city, 0);
    });
    city.addEventListener("change", function () {
      fill(county, []);
      load(city.value, county, 1);
    });
    if (fallback) fallback.hidden = true;
    // A choice made before this file ran: the lists after it are the server's, for the old choice.
    if (province.value !== selected(province)) {
      fill(city, []);
      fill(county, []);
      load(province.value, city, 0);
    } else if (city.value !== selected(city)) {
      fill(county, []);
      load(city.value, county, 1);
    } else {
      city.disabled = city.options.length <= 1;
      county.disabled = county.options.length <= 1;
    }
  });
})();
