// Object names as Keras makes them: snake_case class names, made unique by
// one global counter per name, and the name-scope path variables live under.

/**
 * Keras's `to_snake_case`: drops non-word characters, then splits words at
 * capitals: `HTTPServerLayer` -> `http_server_layer`, `Conv2D` -> `conv2d`,
 * `My2DLayerV2` -> `my2d_layer_v2`.
 */
export function toSnakeCase(name: string): string {
  let s = name.replace(/\W+/g, "");
  s = s.replace(/(.)([A-Z][a-z]+)/g, "$1_$2");
  return s.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

let uids = new Map<string, number>();

/** Keras's `uniquify`: `name`, then `name_1`, `name_2`, ... */
export function uniquify(name: string): string {
  const n = uids.get(name) ?? 0;
  uids.set(name, n + 1);
  return n === 0 ? name : `${name}_${n}`;
}

/** Keras's `auto_name`: the unique snake_case form of a class name. */
export function autoName(prefix: string): string {
  return uniquify(toSnakeCase(prefix));
}

/** Forgets every name handed out (part of `clearSession()`). */
export function resetNameCounters(): void {
  uids = new Map();
}

const scopes: { name: string; overrideParent: string | null }[] = [];

/** The current name-scope path (`"outer/inner"`), or `""` outside any scope. */
export function currentPath(): string {
  let parts: string[] = [];
  for (const e of scopes) {
    // Keras's `override_parent`: an absolute parent path replaces the scopes above.
    if (e.overrideParent !== null) parts = e.overrideParent.split("/").filter((p) => p);
    parts.push(e.name);
  }
  return parts.join("/");
}

/**
 * Runs `fn` inside the name scope `name`: variables created in it get the
 * path `name/<variable name>` (nested scopes join with `/`). With
 * `overrideParent` (Keras's argument of that name), the scope sits under
 * that absolute path instead of the enclosing scopes.
 */
export function nameScope<T>(name: string, fn: () => T, overrideParent: string | null = null): T {
  scopes.push({ name, overrideParent });
  try {
    return fn();
  } finally {
    scopes.pop();
  }
}
