// The layout of a loaded page at the viewport's width (page_check.py; what counts as a problem
// is decided in layout_check.py). Always: the page's own width and the window's (without its
// scroll bar), and the code and output blocks of the content column that are wider than their
// box. With `phone` (the screen's width in CSS px) also: its viewport meta tag, what reaches past the screen's edges, the smallest body
// text and code, the content column's width and the images' widths.
(phone) => {
  const column =
    document.querySelector("article") || document.querySelector("[role=main]") || document.body;
  const style = (el) => getComputedStyle(el);
  const shown = (el) => el.getClientRects().length > 0 && style(el).visibility === "visible";
  // the text as shown (innerText: a table's cells apart), whitespace collapsed
  const words = (el) => (el.innerText ?? el.textContent ?? "").replace(/\s+/g, " ").trim();
  // an element in words: an image by its file and size, others by their first 60 characters
  // or, with no text (a bar of icons), by the labels of what is in them
  const labels = (el) =>
    [el, ...el.querySelectorAll("[aria-label], [title]")]
      .map((e) => e.getAttribute("aria-label") || e.getAttribute("title"))
      .filter(Boolean)
      .slice(0, 4)
      .join(", ");
  const describe = (el) =>
    el.tagName === "IMG"
      ? `image ${(el.getAttribute("src") || "").split("/").pop().slice(0, 40)} ` +
        `(${el.naturalWidth}x${el.naturalHeight} px)`
      : words(el).slice(0, 60) || labels(el).slice(0, 60);
  // the title of the section a block is in, without the theme's "#" link
  const section = (el) => {
    const title = el.closest("section")?.querySelector(":scope > :is(h1, h2, h3, h4, h5, h6)");
    return title
      ? [...title.childNodes]
          .filter((node) => !(node.classList && node.classList.contains("headerlink")))
          .map((node) => node.textContent)
          .join("")
          .trim()
      : "";
  };
  const innerRight = (el) => el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
  const contentRight = (el) => innerRight(el) - parseFloat(style(el).paddingRight);
  const contentLeft = (el) =>
    el.getBoundingClientRect().left + el.clientLeft + parseFloat(style(el).paddingLeft);

  // How far a block reaches past its box: its own content beyond its width (a <pre> that
  // scrolls sideways), or its right edge beyond the inside of any box around it, up to the
  // content column's text edge (a table in a wrapper that scrolls, an image wider than the
  // column). Inline boxes around it have no width of their own and are passed over.
  const overflow = (block) => {
    let most = block instanceof HTMLElement ? block.scrollWidth - block.clientWidth : 0;
    const right = block.getBoundingClientRect().right;
    for (let box = block.parentElement; box; box = box.parentElement) {
      if (box === column) {
        return Math.max(most, right - contentRight(box));
      }
      if (!["inline", "contents"].includes(style(box).display)) {
        most = Math.max(most, right - innerRight(box));
      }
    }
    return most;
  };

  // A block is counted once, as the first kind it matches: the site draws a printed output as
  // a highlighted <pre> too, so outputs come first. Last, any other output (HTML, say) that
  // holds none of those blocks.
  const KINDS = [
    ["output", ".cell_output pre"],
    ["table", ".cell_output table"],
    ["image", ".cell_output img, .cell_output svg"],
    ["code", "pre"],
    ["output", ".cell_output > .output"],
  ];
  const seen = new Set();
  const wide = [];
  for (const [kind, selector] of KINDS) {
    for (const block of column.querySelectorAll(selector)) {
      const inside = block.parentElement.closest("pre, table, svg");
      if (seen.has(block) || (inside && column.contains(inside)) || !shown(block)) continue;
      if (block.matches(".output") && [...seen].some((other) => block.contains(other))) continue;
      seen.add(block);
      const by = overflow(block);
      if (by > 1) wide.push({ block, kind, by });
    }
  }
  const facts = {
    pageWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    windowWidth: document.documentElement.clientWidth,
    blocks: seen.size,
    wideBlocks: wide.map(({ block, kind, by }) => ({
      kind,
      text: describe(block),
      section: section(block),
      by: Math.round(by),
    })),
  };
  if (!phone) return facts;

  // What reaches past the screen's left or right edge (the outermost such elements), unless a
  // box on the screen around it scrolls (the reader scrolls that box: a code block) or, outside
  // the content column, clips it (the theme's drawers). Text the column clips is cut off.
  const held = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const overflowX = style(box).overflowX;
      if (overflowX === "visible") continue;
      const r = box.getBoundingClientRect();
      const onScreen = r.left >= -1 && r.right <= phone + 1;
      if (["auto", "scroll"].includes(overflowX) || !column.contains(box)) return onScreen;
    }
    return false;
  };
  const outside = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName) || !shown(el)) continue;
    if (outside.some((parent) => parent.contains(el))) continue;
    const r = el.getBoundingClientRect();
    const aboveThePage = r.bottom + window.scrollY <= 0; // a skip link, shown on focus only
    if (r.width > 0 && !aboveThePage && (r.right > phone + 1 || r.left < -1) && !held(el)) {
      outside.push(el);
    }
  }
  // the smallest font among these elements with text (outputs apart: a table's cells are data)
  const smallest = (selector) => {
    let found = null;
    for (const el of column.querySelectorAll(selector)) {
      if (!shown(el) || !words(el) || (el.closest(".cell_output") && el.tagName !== "PRE")) {
        continue;
      }
      const px = parseFloat(style(el).fontSize);
      if (!found || px < found.px) found = { px, text: words(el).slice(0, 60) };
    }
    return found;
  };
  return {
    ...facts,
    phone,
    innerWidth: window.innerWidth,
    viewportMeta: document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? null,
    outside: outside.slice(0, 10).map((el) => {
      const r = el.getBoundingClientRect();
      return {
        element: el.tagName.toLowerCase() + [...el.classList].map((c) => `.${c}`).join(""),
        text: describe(el),
        by: Math.round(Math.max(r.right - phone, -r.left)),
      };
    }),
    outsideCount: outside.length,
    prose: smallest("p, li, dd, blockquote, td, th"),
    code: smallest("pre"),
    columnWidth: Math.round(contentRight(column) - contentLeft(column)),
    images: [...column.querySelectorAll("img, .cell_output svg")].filter(shown).map((img) => {
      const r = img.getBoundingClientRect();
      return { text: describe(img), width: Math.round(r.width), left: r.left, right: r.right };
    }),
  };
}
