// Times as the server-rendered pages show them, in the zone the page names (the layout's "All times in ..." line):
// dateTime "2023-04-13 07:29:14", date "2023-04-13", day "5 Dec". Loaded before the pages' own scripts.
window.ScrumOpsTimes = (function () {
  var formats = {};
  function format(kind, options) {
    var zone = (document.querySelector('.zone strong') || {}).textContent || 'UTC';
    var key = kind + ' ' + zone;
    if (!formats[key]) {
      formats[key] = new Intl.DateTimeFormat(kind === 'day' ? 'en-GB' : 'sv-SE', Object.assign({ timeZone: zone }, options));
    }
    return formats[key];
  }
  return {
    dateTime: function (value) {
      return value == null || value === '' ? '' : format('dateTime', { year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(value));
    },
    date: function (value) {
      return format('date', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(value));
    },
    day: function (value) {
      return format('day', { day: 'numeric', month: 'short' }).format(new Date(value));
    }
  };
})();

// Live figures without a page reload: an element with data-refresh="/url" data-every="seconds" is replaced by
// what the URL answers (an HTML fragment of the same page), every so many seconds, while the tab is visible.
(function () {
  function refresh(el) {
    if (document.hidden) { return; }
    fetch(el.getAttribute('data-refresh'), { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var holder = document.createElement('div');
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        if (fresh) { el.innerHTML = fresh.innerHTML; }
      })
      .catch(function () { /* the next round tries again */ });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-refresh]').forEach(function (el) {
      var every = parseInt(el.getAttribute('data-every') || '10', 10) * 1000;
      setInterval(function () { refresh(el); }, every);
    });
  });
})();
