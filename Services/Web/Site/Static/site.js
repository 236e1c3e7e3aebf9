// QLVB: the little script the pages use (no inline script: the Content-Security-Policy forbids it).
// A form with data-confirm asks before it is sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
