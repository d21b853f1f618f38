// The review buttons: each .review-form posts {recommendation, measure, decision, note}
// as JSON to /reviews (the review cookie authenticates it; same origin), then the page
// says "updating" and polls /reviews/status until the new build is served, and reloads.
(function () {
  var banner = document.getElementById("updating");
  var start = banner ? parseInt(banner.getAttribute("data-generation") || "0", 10) : 0;

  function poll(after) {
    fetch("/reviews/status", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.generation > after && !s.updating) {
          window.location.reload();
        } else {
          window.setTimeout(function () { poll(after); }, 300);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(after); }, 1000); });
  }

  if (banner && !banner.hidden) poll(start);

  document.querySelectorAll("form.review-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var msg = form.querySelector(".review-msg");
      var button = ev.submitter || form.querySelector("button[name=decision]");
      var measure = form.getAttribute("data-measure") || (form.elements.measure && form.elements.measure.value);
      var body = {
        recommendation: form.getAttribute("data-recommendation"),
        measure: parseInt(measure, 10),
        decision: button.value,
        note: form.elements.note.value
      };
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      msg.classList.remove("error");
      msg.textContent = "saving…";
      fetch("/reviews", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (!res.ok) {
            var e = res.body.error || res.body;
            throw new Error((e && e.message) || "failed");
          }
          msg.textContent = body.decision + "ed — updating…";
          if (banner) banner.hidden = false;
          poll(start);
        })
        .catch(function (err) {
          msg.classList.add("error");
          msg.textContent = err.message;  // textContent: never HTML
          form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        });
    });
  });
})();
