// File paths for keras.saving: the Node/Deno entry (src/node.ts) provides
// node:fs here; the browser and Workers entries do not, so their bundles
// never name node:fs and a path there is a clear error (pass bytes instead).
import { ValueError } from "../errors.js";

/** The two file operations saving needs. */
export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

let provided: FileSystem | null = null;

/** @internal Called by the Node/Deno entry. */
export function provideFileSystem(fs: FileSystem): void {
  provided = fs;
}

/** @internal The file system, or Keras-style ValueError naming `what` where there is none. */
export function fileSystem(what: string): FileSystem {
  if (provided === null) {
    throw new ValueError(`${what}: file paths need Node or Deno (the package's node entry). Here, pass the bytes instead (a Uint8Array or ArrayBuffer).`);
  }
  return provided;
}
