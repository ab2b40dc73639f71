// The zip container of `.keras` archives, on fflate (small, maintained,
// runs everywhere: no WebAssembly, no Node APIs). Reading checks what the
// central directory declares before anything is inflated: a zip bomb is
// refused by its declared sizes, and a truncated entry by its length.
import { unzipSync, zipSync, type UnzipFileInfo } from "fflate";
import { ValueError } from "../errors.js";

/** Limits on what an archive may make us allocate. */
export interface ZipLimits {
  /**
   * Largest total of uncompressed bytes (all entries). Default: 16 MiB plus
   * 64 times the archive's own size (Keras stores its entries uncompressed,
   * so a real archive is about its own size; a zip bomb is thousands of times).
   */
  maxUncompressedBytes?: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The entries of a zip archive, by name. `what` names the file in messages. */
export function readZip(bytes: Uint8Array, what: string, limits: ZipLimits = {}): Map<string, Uint8Array> {
  if (bytes.length < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new ValueError(`${what}: not a .keras archive (a zip file starts with 50 4b 03 04; this one starts with ${head || "nothing"}).`);
  }
  const limit = limits.maxUncompressedBytes ?? 16 * 2 ** 20 + 64 * bytes.length;
  let total = 0;
  const declared = new Map<string, number>();
  const filter = (f: UnzipFileInfo): boolean => {
    total += f.originalSize;
    if (!Number.isSafeInteger(f.originalSize) || f.originalSize < 0 || total > limit) {
      throw new ValueError(
        `${what}: entry '${f.name}' declares ${f.originalSize} uncompressed bytes, over the limit of ${limit} for the whole archive ` +
          "(a corrupted archive or a zip bomb; raise `maxUncompressedBytes` if the file is trusted).",
      );
    }
    if (f.compression === 0 && f.size !== f.originalSize) throw new ValueError(`${what}: entry '${f.name}' is stored but its sizes disagree (corrupted archive).`);
    declared.set(f.name, f.originalSize);
    return true;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter });
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`${what}: truncated or corrupted zip archive (${(e as Error).message}).`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (data.length !== declared.get(name)) {
      throw new ValueError(`${what}: entry '${name}' is truncated (${data.length} of ${declared.get(name)} bytes).`);
    }
    out.set(name, data);
  }
  return out;
}

/**
 * A zip archive of `entries`, in order, STORED (no compression) as Python's
 * zipfile writes Keras archives. `dated` entries carry `date`, the others
 * 1980-01-01 (zipfile's default for entries opened by name).
 */
export function writeZip(entries: readonly (readonly [string, Uint8Array, boolean])[], date: Date): Uint8Array {
  const epoch = new Date(1980, 0, 1, 0, 0, 0);
  return zipSync(Object.fromEntries(entries.map(([name, data, dated]) => [name, [data, { level: 0, mtime: dated ? date : epoch }]])));
}
