(function () {
  const table = document.getElementById("submissions");
  const body = table.tBodies[0];
  const filter = document.getElementById("filter");
  const status = document.getElementById("status-filter");
  const shown = document.getElementById("shown-count");
  function cellValue(row, index, type) {
    const cell = row.cells[index];
    const value = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    return type === "number" ? parseFloat(value) : value.toLowerCase();
  }
  Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
    if (!header.dataset.type) return;
    header.addEventListener("click", function () {
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      Array.from(table.tHead.rows[0].cells).forEach(function (h) { h.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const rows = Array.from(body.rows);
      rows.sort(function (a, b) {
        const x = cellValue(a, index, header.dataset.type), y = cellValue(b, index, header.dataset.type);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  function applyFilter() {
    const text = filter.value.trim().toLowerCase();
    let count = 0;
    Array.from(body.rows).forEach(function (row) {
      const visible = (!text || row.textContent.toLowerCase().includes(text)) &&
        (!status.value || row.dataset.status === status.value);
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count + " shown";
  }
  filter.addEventListener("input", applyFilter);
  status.addEventListener("change", applyFilter);
})();
