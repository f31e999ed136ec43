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
