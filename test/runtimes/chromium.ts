// The headless Chromium every browser test uses, found without anything
// installed by hand, in this order:
//   1. CHROMIUM_PATH, when set (a missing file there is an error, not a
//      reason to look elsewhere: the user asked for that browser);
//   2. a system Chromium or Chrome (/usr/bin/chromium, or chromium,
//      chromium-browser, google-chrome, google-chrome-stable on PATH);
//   3. the one packaged in the devDependency @sparticuz/chromium (a
//      brotli-packed headless shell, unpacked once per version into the temp
//      folder), so `npm ci && npm test` needs no browser on the machine.
// A browser that cannot be found or started fails the test with a message
// saying what was tried; the browser tests are never skipped.
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
// For a system browser: no sandbox (CI containers run as root), no GPU.
const SYSTEM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];

export interface ChromiumFound {
  executablePath: string;
  args: string[];
  /** Where it came from, for messages: "CHROMIUM_PATH", "system" or "@sparticuz/chromium@<version>". */
  source: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function systemChromium(): string | undefined {
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const candidates = [...SYSTEM_PATHS, ...SYSTEM_NAMES.flatMap((name) => onPath.map((dir) => join(dir, name)))];
  return candidates.find(executable);
}

/** The package.json of an installed package (its "exports" do not list it). */
function packageJson(name: string): { version: string } {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(join(dir, "package.json")) || (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name !== name) {
    if (dirname(dir) === dir) throw new Error(`no package.json for ${name}`);
    dir = dirname(dir);
  }
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
}

/**
 * Unpacks @sparticuz/chromium into `<tmp>/keras-wasm-chromium-<version>`.
 * The package unpacks into os.tmpdir() and trusts whatever it finds there,
 * so a half-written file (an interrupted or concurrent run) or another
 * version would be used as is. Here it unpacks into a private staging folder
 * (os.tmpdir() reads TMPDIR on each call), which is then renamed into place
 * in one step: the versioned folder exists only when complete.
 */
async function packagedChromium(): Promise<ChromiumFound> {
  const { version } = packageJson("@sparticuz/chromium");
  const source = `@sparticuz/chromium@${version}`;
  const { default: Packaged } = (await import("@sparticuz/chromium")) as typeof import("@sparticuz/chromium");
  const home = tmpdir();
  const dir = join(home, `keras-wasm-chromium-${version}`);
  if (!executable(join(dir, "chromium"))) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // damaged (e.g. by a temp cleaner)
    const staging = mkdtempSync(join(home, `keras-wasm-chromium-${version}.staging-`));
    const saved = process.env.TMPDIR;
    try {
      process.env.TMPDIR = staging;
      const unpacked = await Packaged.executablePath();
      if (unpacked !== join(staging, "chromium")) throw new Error(`${source} unpacked to ${unpacked}, expected ${join(staging, "chromium")}`);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another process finished first: use its copy.
      rmSync(staging, { recursive: true, force: true });
      if (!executable(join(dir, "chromium"))) throw e;
    }
  }
  // --single-process (needed on AWS Lambda) takes the whole browser down with
  // the first page closed; outside Lambda it starts fine without it.
  return { executablePath: join(dir, "chromium"), args: Packaged.args.filter((a) => a !== "--single-process"), source };
}

/** Finds a Chromium (CHROMIUM_PATH, then the system's, then the packaged one). */
export async function findChromium(): Promise<ChromiumFound> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist: point it at a Chromium or Chrome binary, or unset it to use the system's or the packaged one`);
    return { executablePath: fromEnv, args: SYSTEM_ARGS, source: "CHROMIUM_PATH" };
  }
  const system = systemChromium();
  if (system) return { executablePath: system, args: SYSTEM_ARGS, source: "system" };
  try {
    return await packagedChromium();
  } catch (e) {
    throw new Error(
      `No Chromium found: CHROMIUM_PATH is unset, none of ${[...SYSTEM_PATHS, ...SYSTEM_NAMES].join(", ")} is installed, ` +
        `and the packaged @sparticuz/chromium could not be unpacked (${String(e)}); run \`npm ci\`, or set CHROMIUM_PATH`,
    );
  }
}

/** Starts headless Chromium; a browser that is missing or does not start is an error, never a skip. */
export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  try {
    return await chromium.launch({ executablePath: found.executablePath, headless: true, args: found.args });
  } catch (e) {
    throw new Error(`Chromium (${found.source}, ${found.executablePath}) did not start: ${String(e)}`);
  }
}
