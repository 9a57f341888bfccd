// Type-ahead picker for multi-selects (for example an action's leads), imported by app.js.
//
// Every <select multiple> becomes, below the field's own label and hint:
//   - a text input (alphagov's accessible-autocomplete, vendored in
//     static/vendor/accessible-autocomplete/) where typing lists matching options; the arrow
//     keys move through them and Enter adds one;
//   - the chosen options as a list, each with a "Remove <name>" button;
//   - a polite live region that says what was added or removed.
// The select stays in the form, hidden, and its selected options are kept in step, so the form
// posts exactly what it did before. Pages work without this: the plain select stays usable by
// keyboard (static/css/picker.css makes it tall enough to see).

// The vendored bundle is a classic (UMD) script that defines window.accessibleAutocomplete. The
// CSP allows scripts from this site only, so it is loaded with a <script src> (as app.js loads
// Chart.js), with its stylesheet, and only on pages that have a multi-select. Both are found
// beside this module (the same way app.js imports NHS.UK frontend).
const VENDOR = "../vendor/accessible-autocomplete/accessible-autocomplete.min";
const AUTOCOMPLETE_JS = new URL(`${VENDOR}.js`, import.meta.url).href;
const AUTOCOMPLETE_CSS = new URL(`${VENDOR}.css`, import.meta.url).href;

function loadStylesheet(href) {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = resolve;
    link.onerror = () => reject(new Error(`Could not load ${href}`));
    document.head.append(link);
  });
}

function loadScript(src, global) {
  if (window[global]) return Promise.resolve(window[global]);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () =>
      window[global] ? resolve(window[global]) : reject(new Error(`${src} did not load`));
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.append(script);
  });
}

// The widget is drawn once its styles are in, so it never shows unstyled.
function loadAutocomplete() {
  return Promise.all([
    loadScript(AUTOCOMPLETE_JS, "accessibleAutocomplete"),
    loadStylesheet(AUTOCOMPLETE_CSS),
  ]).then(([accessibleAutocomplete]) => accessibleAutocomplete);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function optionName(option) {
  return option.textContent.trim();
}

// Options that start with what was typed come first, then those that contain it elsewhere
// ("vick" finds "R Vickers"); options already chosen are not offered again.
function matching(options, query) {
  const wanted = query.trim().toLowerCase();
  const starts = [];
  const contains = [];
  for (const option of options) {
    if (option.selected || option.disabled || !option.value) continue;
    const name = optionName(option).toLowerCase();
    if (name.startsWith(wanted)) starts.push(option);
    else if (name.includes(wanted)) contains.push(option);
  }
  return [...starts, ...contains];
}

// accessible-autocomplete rewrites the input's aria-describedby (to its own instructions, and
// to nothing once something is typed): keep the field's hint and error message in it too.
function keepDescribedBy(input, ids) {
  if (!ids.length) return;
  const apply = () => {
    const current = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    const missing = ids.filter((id) => !current.includes(id));
    if (missing.length) {
      const others = current.filter((id) => !ids.includes(id));
      input.setAttribute("aria-describedby", [...ids, ...others].join(" "));
    }
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(input, { attributes: true, attributeFilter: ["aria-describedby"] });
}

function enhance(select, accessibleAutocomplete) {
  const id = select.id;
  if (!id) return; // no id, no label to tie the input to: leave the plain select
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  // "Leads" (or "Leads (optional)") → "leads", for "Chosen leads" and "No leads match".
  const labelText = label ? label.textContent.replace(/\(.*?\)/g, "").trim() : "";
  const noun = labelText.toLowerCase() || "options";
  const describedBy = (select.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  const options = Array.from(select.options);

  // The input takes the select's id, so the field's <label for> and the error summary's link
  // lead to it (as accessible-autocomplete's own enhanceSelectElement does).
  select.id = `${id}-select`;
  select.hidden = true;
  select.dataset.appPicker = "enhanced";

  const picker = element("div", "app-picker");
  const instructions = element(
    "div",
    "nhsuk-hint app-picker__hint",
    "Start typing a name, then press Enter to add the highlighted match.",
  );
  instructions.id = `${id}-picker-hint`;
  const inputArea = element("div", "app-picker__input");
  const caption = element("p", "app-picker__caption", `Chosen ${noun}`);
  caption.id = `${id}-chosen`;
  const list = element("ul", "app-picker__chosen");
  list.setAttribute("aria-labelledby", caption.id);
  const empty = element("p", "app-picker__empty", `No ${noun} chosen.`);
  const status = element("div", "app-picker__status nhsuk-u-visually-hidden");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  picker.append(instructions, inputArea, caption, list, empty, status);
  select.after(picker);
  if (select.classList.contains("nhsuk-select--error")) picker.classList.add("app-picker--error");

  const announce = (message) => {
    // Cleared first, so the same words twice in a row are still read out.
    status.textContent = "";
    window.setTimeout(() => (status.textContent = message), 50);
  };
  const changed = () => select.dispatchEvent(new Event("change", { bubbles: true }));
  const chosenSummary = () =>
    `${labelText || "Options"} chosen: ${options.filter((option) => option.selected).length}.`;

  function render() {
    const chosen = options.filter((option) => option.selected);
    list.replaceChildren(...chosen.map(chosenItem));
    caption.hidden = list.hidden = chosen.length === 0;
    empty.hidden = chosen.length > 0;
  }

  function chosenItem(option) {
    const name = optionName(option);
    const item = element("li", "app-picker__item");
    const button = element("button", "app-picker__remove", "Remove");
    button.type = "button";
    button.append(element("span", "nhsuk-u-visually-hidden", ` ${name}`));
    button.addEventListener("click", () => remove(option));
    item.append(element("span", "app-picker__name", name), button);
    return item;
  }

  function add(option) {
    option.selected = true;
    changed();
    render();
    announce(`Added ${optionName(option)}. ${chosenSummary()}`);
  }

  function remove(option) {
    const index = options.filter((o) => o.selected).indexOf(option);
    option.selected = false;
    changed();
    render();
    // Focus moves to the next Remove button (or the last one, or the input), never to <body>.
    const remaining = list.querySelectorAll(".app-picker__remove");
    const next = remaining[Math.min(index, remaining.length - 1)];
    (next || input).focus();
    announce(`Removed ${optionName(option)}. ${chosenSummary()}`);
  }

  accessibleAutocomplete({
    element: inputArea,
    id,
    name: "", // the hidden select carries the field's value; the input posts nothing
    source: (query, populate) => populate(matching(options, query).map(optionName)),
    autoselect: true, // the best match is highlighted, so typing then Enter adds it
    confirmOnBlur: false, // leaving the input never adds anything
    displayMenu: "inline",
    minLength: 1,
    onConfirm: (name) => {
      const option = name && matching(options, "").find((o) => optionName(o) === name);
      if (!option) return;
      add(option);
      // The widget writes the chosen name into the input after this returns; clear it as
      // typing would, ready for the next one.
      window.setTimeout(() => {
        input.value = "";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }, 0);
    },
    tNoResults: () => `No ${noun} match`,
    tStatusNoResults: () => `No ${noun} match`,
    tAssistiveHint: () => "Use the up and down arrows to review the matches.",
  });
  const input = inputArea.querySelector("input[role='combobox']");
  keepDescribedBy(input, [...describedBy, instructions.id]);

  // Enter in a text box would submit the form. With something typed it only ever adds: the
  // highlighted match (handled by the widget), else an option with exactly that name.
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !input.value.trim()) return;
    event.preventDefault();
    if (input.getAttribute("aria-expanded") === "true") return;
    const typed = input.value.trim().toLowerCase();
    const exact = matching(options, typed).find((o) => optionName(o).toLowerCase() === typed);
    if (exact) {
      add(exact);
      input.value = "";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      announce(`No ${noun} called ${input.value.trim()}.`);
    }
  });

  render();
}

const selects = document.querySelectorAll(
  "select[multiple]:not([disabled]):not([data-app-picker])",
);
if (selects.length) {
  loadAutocomplete()
    .then((autocomplete) => selects.forEach((select) => enhance(select, autocomplete)))
    .catch(() => {
      // No widget: the plain multi-selects still work.
    });
}
