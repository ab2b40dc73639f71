// The API reference (`npm run docs`, TypeDoc over src/index.ts with
// typedoc.json) must build without a validation warning: no broken
// `{@link}`, no public export or member without TSDoc, and no public type
// that refers to a type the package does not export. This runs TypeDoc's
// converter and validation only (nothing is rendered or written).
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from "typedoc";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Keeps every message instead of printing it. */
class CollectingLogger extends Logger {
  readonly messages: { level: LogLevel; text: string }[] = [];
  override log(message: string, level: LogLevel): void {
    this.messages.push({ level, text: message });
  }
}

// The reference does not depend on the runtime: Node checks it, and the Deno
// run of the suite (test/runtimes/deno.test.ts) spares the shared CPU.
const isDeno = "Deno" in globalThis;

test.skipIf(isDeno)("the TypeDoc reference validates: every public export documented, every link resolved", async () => {
  const cwd = process.cwd();
  process.chdir(root); // typedoc.json's paths are relative to the repository root
  try {
    const app = await Application.bootstrapWithPlugins(
      // Type errors are `npm run typecheck`'s job; skipping them here halves the run time.
      { options: `${root}typedoc.json`, skipErrorChecking: true },
      [new TypeDocReader(), new TSConfigReader()],
    );
    const logger = new CollectingLogger();
    app.logger = logger;
    const project = await app.convert();
    expect(project, logger.messages.map((m) => m.text).join("\n")).toBeDefined();
    app.validate(project!);
    // TypeDoc's own problems (bad options, unparsable comments) count as well as validation's.
    const problems = logger.messages.filter((m) => m.level >= LogLevel.Warn).map((m) => m.text);
    expect(problems, `${problems.length} problems:\n${problems.join("\n")}`).toEqual([]);
    // The check is not vacuous: the reference holds the public namespaces.
    const names = project!.children?.map((c) => c.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(["ops", "layers", "Layer", "Tensor", "Variable", "initializers", "saving"]));
  } finally {
    process.chdir(cwd);
  }
});
