// The `get` / `serialize` / `deserialize` trio that keras.initializers,
// keras.regularizers and keras.constraints each export, from one table of
// names per module (Keras's ALL_OBJECTS_DICT).
import { ValueError } from "../errors.js";
import { toSnakeCase } from "../utils/naming.js";
import { unknownIdentifierMessage } from "../utils/suggest.js";
import { deserializeKerasObject, serializeKerasObject } from "./serialization.js";
import { registerBuiltin, registerBuiltinFunction, type CustomObjects } from "./object_registration.js";

/** A class whose instances are `T` (an entry of a module's name table). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ctor<T> = abstract new (...args: any[]) => T;

export interface ModuleApi<T> {
  get(identifier: unknown): T | null;
  serialize(obj: T): unknown;
  deserialize(config: unknown, customObjects?: CustomObjects | null): T;
}

/**
 * Builds a module's name table and its get/serialize/deserialize.
 * `classes` are `[class, publicName, ...exportAliases]`; each class is
 * known by its public name and its snake_case form, plus `aliases`.
 * `stringsViaDeserialize`: Keras's initializers resolve strings through
 * `deserialize` (so registered custom names work); regularizers and
 * constraints look strings up in the table only.
 */
export function moduleApi<T extends object>(
  kind: string,
  module: string,
  base: Ctor<T>,
  classes: readonly (readonly [Ctor<T>, ...string[]])[],
  aliases: Record<string, Ctor<T>> = {},
  stringsViaDeserialize = false,
): ModuleApi<T> & { names: ReadonlyMap<string, Ctor<T>> } {
  const names = new Map<string, Ctor<T>>();
  for (const [cls, ...publicNames] of classes) {
    const publicName = publicNames[0]!;
    registerBuiltin(cls, module, publicNames);
    names.set(publicName, cls);
    names.set(toSnakeCase(publicName), cls);
  }
  for (const [k, v] of Object.entries(aliases)) {
    names.set(k, v);
    if (!(v as { prototype?: unknown }).prototype || !((v as { prototype: unknown }).prototype instanceof base)) registerBuiltinFunction(v, k);
  }

  const deserialize = (config: unknown, customObjects?: CustomObjects | null): T =>
    deserializeKerasObject(config, { moduleObjects: names, customObjects: customObjects ?? null }) as T;

  const isClass = (x: unknown): x is Ctor<T> =>
    typeof x === "function" && (x === base || (x as { prototype?: unknown }).prototype instanceof base);

  const get = (identifier: unknown): T | null => {
    if (identifier === null || identifier === undefined) return null;
    let obj: unknown;
    if (typeof identifier === "string") {
      obj = stringsViaDeserialize ? deserialize({ class_name: identifier, config: {} }) : names.get(identifier) ?? identifier;
    } else if (typeof identifier === "object" && Object.getPrototypeOf(identifier) === Object.prototype) {
      obj = deserialize(identifier);
    } else obj = identifier;
    if (isClass(obj)) return new (obj as unknown as new () => T)();
    if (obj instanceof base || typeof obj === "function") return obj as T;
    if (typeof identifier === "string") {
      // The snake_case names are listed; class names (`GlorotUniform`) are accepted too.
      throw new ValueError(unknownIdentifierMessage(kind, identifier, [...names.keys()].filter((n) => n === n.toLowerCase())));
    }
    throw new ValueError(`Could not interpret ${kind} identifier: ${JSON.stringify(identifier) ?? String(identifier)}`);
  };

  return { get, serialize: (obj: T) => serializeKerasObject(obj), deserialize, names };
}
