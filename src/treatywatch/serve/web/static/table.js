// Agreements table: a changed kind or status filter applies at once; "Compare" needs two ticked rows.
document.addEventListener("DOMContentLoaded", () => {
  const filters = document.getElementById("filters");
  filters.querySelectorAll("select").forEach((select) => {
    select.addEventListener("change", () => filters.requestSubmit());
  });
  const compare = document.getElementById("compare-form");
  const button = document.getElementById("compare-button");
  const update = () => {
    const ticked = compare.querySelectorAll("input[name=ids]:checked").length;
    button.disabled = ticked < 2;
    button.textContent = ticked < 2 ? "Compare selected (tick two or more)" : `Compare ${ticked} selected`;
  };
  compare.addEventListener("change", update);
  update();
});
