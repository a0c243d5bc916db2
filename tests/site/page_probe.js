// What a loaded page shows, read in the page (page_check.py): images, math, navigation links.
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
  const documented = [...document.querySelectorAll("dl.py.function, dl.py.class")].filter(
    (dl) => (dl.querySelector(":scope > dd")?.textContent || "").trim().length > 0,
  );
  return {
    url: location.href,
    title: document.title,
    images: images.length,
    undecoded: images.filter((img) => !decoded(img)).map(describe),
    outputImages: [...document.querySelectorAll(".cell_output img")].filter(decoded).length,
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
