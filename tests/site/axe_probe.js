// axe-core on the loaded page (axe_check.py injects axe.min.js first): every rule, the
// experimental ones too, and only the violations back, each with its first `shown` elements.
// No preloading of the style sheets: axe-core resolves the theme's `@import "../basic.css"`
// against the page instead of the style sheet and asks for a file that is not there (a failed
// request); the one rule that reads them, css-orientation-lock, then gives no verdict.
async (shown) => {
  const experimental = axe.getRules(["experimental"]).map((r) => [r.ruleId, { enabled: true }]);
  const results = await axe.run(document, {
    resultTypes: ["violations"],
    preload: false,
    rules: Object.fromEntries(experimental),
  });
  return {
    version: axe.version,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, shown).map((node) => node.target.join(" ")),
    })),
  };
}
