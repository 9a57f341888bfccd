// Django's admin, adjusted (loaded by templates/admin/base_site.html; the CSP allows files from
// this site only). Things Django's own widgets leave that screen readers (and axe) trip on:
//
// - the filter boxes of a many-to-many field (filter_horizontal, SelectFilter2.js) put an
//   aria-label on a plain <span> icon, where it means nothing: give the icon the image role, so
//   its words become part of its box's label;
// - the fields of a tabular inline (an action's milestones) have no <label>, only the column
//   heading above them: name each field after its column;
// - a tabular inline's first column (each saved row's name) has an empty heading, and so has
//   its last (the "Delete?" boxes) where nothing may be deleted: name the first, and take the
//   last away when every cell under it is empty.

function nameTooltipIcons() {
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
}

// The heading of a cell's column: th.column-<name> above td.field-<name>; the last one above
// the "Delete?" checkboxes (td.delete).
function columnHeading(table, cell) {
  if (cell.classList.contains("delete")) return table.querySelector("thead th:last-child");
  const name = [...cell.classList].find((c) => c.startsWith("field-"))?.slice("field-".length);
  return name ? table.querySelector(`thead th.column-${CSS.escape(name)}`) : null;
}

function labelTabularFields(root = document) {
  root.querySelectorAll(".tabular table").forEach((table) => {
    table.querySelectorAll("tbody td[class*='field-'], tbody td.delete").forEach((cell) => {
      const words = columnHeading(table, cell)?.textContent.trim();
      if (!words) return;
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((control) => {
        const labelled =
          control.labels?.length || control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby");
        if (!labelled) control.setAttribute("aria-label", words);
      });
    });
  });
}

function fillEmptyHeadings() {
  document.querySelectorAll(".tabular table").forEach((table) => {
    const original = table.querySelector("thead th.original");
    if (original && !original.textContent.trim()) {
      const words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = "Saved as";
      original.append(words);
    }
    const last = table.querySelector("thead th:last-child");
    const column = last ? last.cellIndex : -1;
    const cells = [...table.querySelectorAll("tbody tr")].map((row) => row.cells[column]);
    if (last && !last.textContent.trim() && cells.every((cell) => !cell || !cell.textContent.trim() && !cell.children.length)) {
      last.remove();
      cells.forEach((cell) => cell?.remove());
    }
  });
}

// SelectFilter2 draws its boxes on "load"; this listener is added after its own.
window.addEventListener("load", () => {
  nameTooltipIcons();
  labelTabularFields();
  fillEmptyHeadings();
});
// "Add another" copies a row: label the new row's fields too.
document.addEventListener("formset:added", () => labelTabularFields());
