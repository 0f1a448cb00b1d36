// Open a page in Debian's Firefox ESR (headless, WebDriver BiDi) and report as JSON:
// whether it reached html[data-ready=<route>], then each other chapter (comma-separated routes,
// switched by hash), its console errors and every request URL.
//   node open_page.mjs <url> <route> [firefox-path] [other,routes]
import puppeteer from "puppeteer-core";

const [url, route, executablePath = "/usr/bin/firefox-esr", others = ""] = process.argv.slice(2);
const result = { ready: false, loader: null, errors: [], requests: [], nodes: 0, visited: [] };
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  extraPrefsFirefox: { "network.proxy.type": 0, "app.update.enabled": false },
});
try {
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") result.errors.push(m.text()); });
  page.on("pageerror", (e) => result.errors.push(String(e)));
  page.on("request", (r) => result.requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector(`html[data-ready="${route}"]`, { timeout: 120000 });
  result.ready = true;
  result.loader = await page.evaluate(() => window.nnvizBoot.loader);
  result.snapshot = await page.evaluate(() => window.nnvizBoot.snapshot);
  result.matmul = await page.evaluate(() => window.nnvizBoot.matmul);
  result.nodes = await page.evaluate(() => document.querySelectorAll("#explorer-svg circle.node").length);
  await page.hover("#node-1-0");
  result.upEdges = await page.evaluate(() => document.querySelectorAll("#explorer-svg .focus-edges line.up").length);
  for (const other of others.split(",").filter(Boolean)) {
    await page.evaluate((h) => { location.hash = h; }, `#/${other}`);
    await page.waitForSelector(`html[data-ready="${other}"]`, { timeout: 120000 });
    result.visited.push(other);
  }
} catch (e) {
  result.failure = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
