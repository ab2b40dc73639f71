// Helpers for the browser tests: a Vite build of test/runtimes/web/ and a
// static server for it on 127.0.0.1 (the browser itself: chromium.ts).
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";

/** Builds the `pages` (HTML files without extension) of `webDir` with Vite into `outDir`, as a user's app would be built. */
export async function buildWeb(webDir: string, outDir: string, pages: readonly string[] = ["index", "platform"]): Promise<void> {
  const { build } = await import("vite");
  await build({
    root: webDir,
    logLevel: "warn",
    configFile: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      // The MNIST page bundles the `mnist` package's 21 MB of digits as shipped.
      chunkSizeWarningLimit: 32_000,
      rollupOptions: { input: Object.fromEntries(pages.map((page) => [page, join(webDir, `${page}.html`)])) },
    },
  });
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/**
 * Serves `dir` on 127.0.0.1 (a free port); returns the server and its base
 * URL. `isolated`: with the COOP/COEP headers that make a page cross-origin
 * isolated (shared memory between threads).
 */
export async function serve(dir: string, isolated = false): Promise<{ server: Server; url: string }> {
  const headers = isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
