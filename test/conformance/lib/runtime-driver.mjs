// Runs in a child process: imports a genezio-cloud bundle's index.mjs and calls its exported
// `handler` once per event, in order, the way Genezio's runtime does (one argument; `url` a
// URL object). Usage: node runtime-driver.mjs <index.mjs> <events.json> <results.json>
// Each result: { ok: true, response } with a Buffer body turned into {base64}, or { ok: false, error }.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [indexPath, eventsPath, resultsPath] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsPath, "utf8"));
const results = [];
try {
  const mod = await import(pathToFileURL(indexPath).href);
  if (typeof mod.handler !== "function") throw new Error(`${indexPath} exports no handler function`);
  for (const wire of events) {
    const event = { ...wire, url: new URL(wire.url) };
    try {
      const response = await mod.handler(event);
      const body = Buffer.isBuffer(response?.body) ? { base64: response.body.toString("base64") } : response?.body;
      results.push({ ok: true, response: { ...response, body } });
    } catch (error) {
      results.push({ ok: false, error: String(error?.stack ?? error) });
    }
  }
} catch (error) {
  results.push({ ok: false, error: `import failed: ${String(error?.stack ?? error)}` });
}
writeFileSync(resultsPath, JSON.stringify(results));
process.exit(0);
