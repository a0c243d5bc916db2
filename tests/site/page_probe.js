// What a loaded page shows, read in the page (page_check.py): images, math, navigation links,
// the theme's light or dark mode, and what figure_check.py judges the outputs' figures by.
// Waits for MathJax (if the page loads it) to finish typesetting and for every image to load
// or fail (lazy images are made eager first), at most `timeoutMs` each.
async (timeoutMs) => {
  const within = (promise) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await within(MathJax.startup.promise.catch(() => null));
  }
  const images = [...document.images];
  images.forEach((img) => { img.loading = "eager"; });
  await within(Promise.all(images.map((img) => img.decode().catch(() => null))));
  const decoded = (img) => img.complete && img.naturalWidth > 0;
  const describe = (img) => img.getAttribute("src") || img.outerHTML.slice(0, 120);

  // formulas MathJax did not typeset: TeX delimiters left in the text outside code
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight";
  const rawMath = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const delimiters = /\$\$[^]*?\$\$|\\\([^]*?\\\)|\\\[[^]*?\\\]|\$\$/g;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && node.parentElement.closest(skip)) continue;
    for (const match of node.textContent.matchAll(delimiters)) rawMath.push(match[0].slice(0, 80));
  }
  const article = document.querySelector("article") || document.querySelector("[role=main]") || document.body;
  const href = (selector) => {
    const link = document.querySelector(selector);
    return link ? link.href : null;
  };
  // a figure of a cell's output: its alt text, the backgrounds behind it from the <img> outwards
  // down to the first opaque one ([r, g, b, alpha]), its CSS filter, and how far the innermost
  // of those backgrounds reaches past the picture (the <img>'s content box) on its closest side
  const rgba = (text) => (text.match(/[\d.]+/g) || []).map(Number);
  const figure = (img) => {
    const backgrounds = [];
    let owner = null;
    for (let el = img; el; el = el.parentElement) {
      const [r, g, b, alpha = 1] = rgba(getComputedStyle(el).backgroundColor);
      if (alpha > 0) {
        backgrounds.push([r, g, b, alpha]);
        owner = owner || el;
        if (alpha >= 1) break;
      }
    }
    const s = getComputedStyle(img);
    const box = img.getBoundingClientRect();
    const inset = (side) =>
      parseFloat(s[`border${side}Width`]) + parseFloat(s[`padding${side}`]);
    let margin = 0;
    if (owner) {
      const o = owner.getBoundingClientRect();
      margin = Math.min(
        box.left + inset("Left") - o.left,
        o.right - (box.right - inset("Right")),
        box.top + inset("Top") - o.top,
        o.bottom - (box.bottom - inset("Bottom")),
      );
    }
    return {
      src: img.getAttribute("src") || "",
      alt: img.getAttribute("alt"),
      backgrounds,
      filter: s.filter,
      margin: Math.round(margin * 10) / 10,
    };
  };
  const documented = [...document.querySelectorAll("dl.py.function, dl.py.class")].filter(
    (dl) => (dl.querySelector(":scope > dd")?.textContent || "").trim().length > 0,
  );
  return {
    url: location.href,
    title: document.title,
    images: images.length,
    undecoded: images.filter((img) => !decoded(img)).map(describe),
    outputImages: [...document.querySelectorAll(".cell_output img")].filter(decoded).length,
    figures: [...document.querySelectorAll(".cell_output img")].filter(decoded).map(figure),
    theme: document.documentElement.dataset.theme || null,
    math: document.querySelectorAll("mjx-container").length,
    mathErrors: [...document.querySelectorAll("mjx-merror")].map(
      (e) => e.getAttribute("data-mjx-error") || e.textContent.slice(0, 80),
    ),
    rawMath,
    // the theme's launch button (Bootstrap's tooltip moves its title to data-bs-original-title)
    colab: href('a[title="Launch on Colab"], a[data-bs-original-title="Launch on Colab"]'),
    download: href("a.btn-download-source-button"),
    // the lesson's own badge and Download link in the header bar (docs/_templates/lesson-links.html)
    colabBadge: href(".lesson-links a.lesson-colab"),
    downloadLink: href(".lesson-links a.lesson-download[download]"),
    prev: href(".prev-next-area a.left-prev"),
    next: href(".prev-next-area a.right-next"),
    links: [...new Set([...article.querySelectorAll("a[href]")].map((a) => a.href))],
    documented: documented.length,
  };
}
