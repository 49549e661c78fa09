// Agreements table: the "Compare selected" button sends the ticked rows as ?ids=a,b,c.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("compare-form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    const picked = [...form.querySelectorAll("input[name=pick]:checked")].map((box) => box.value);
    event.preventDefault();
    window.location.href = "/compare?ids=" + encodeURIComponent(picked.join(","));
  });
});
