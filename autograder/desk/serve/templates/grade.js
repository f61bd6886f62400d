// Keyboard grading: Enter in the points field submits natively; the rest is here.
(function () {
  var links = document.getElementById("queue-links");
  var form = document.getElementById("score-form");
  var comment = document.getElementById("comment");
  if (!links || !form) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.target === comment && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    var typing = event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA";
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "n") { window.location.assign(links.dataset.next); }
    else if (event.key === "p") { window.location.assign(links.dataset.previous); }
    else if (event.key === "c") { event.preventDefault(); comment.focus(); }
  });
  var points = document.getElementById("points");
  if (points) { points.focus(); points.select(); }
})();
