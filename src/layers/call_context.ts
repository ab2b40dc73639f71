// What a layer call shares with the calls nested inside it: the `training`
// value (Keras's CallContext) and the name scopes that give variables their
// `parent/child/name` paths.
import { nameScope } from "../utils/naming.js";

interface CallContext {
  readonly entryLayer: object;
  training: boolean | undefined;
}

let current: CallContext | null = null;

/** The active context; a new one (owned by `layer`) if none. `entry` says which. */
export function enterCallContext(layer: object): { ctx: CallContext; entry: boolean } {
  if (current !== null) return { ctx: current, entry: false };
  current = { entryLayer: layer, training: undefined };
  return { ctx: current, entry: true };
}

/** Drops the context if `layer` created it (also after an error). */
export function exitCallContext(layer: object): void {
  if (current === null || current.entryLayer === layer) current = null;
}

const owners: object[] = [];

/**
 * Runs `fn` in the name scope of `layer`, once: as Keras's deduplicating
 * `name_scope(name, caller=layer)`, re-entering the scope a layer already
 * opened (apply -> build -> addWeight) does not repeat its name. A layer
 * that was once opened somewhere keeps that parent path (`parentPath`).
 */
export function openScope<T>(layer: object, name: string, fn: () => T, parentPath: string | null = null): T {
  if (owners[owners.length - 1] === layer) return fn();
  owners.push(layer);
  try {
    return nameScope(name, fn, parentPath);
  } finally {
    owners.pop();
  }
}

/** Forgets any call context (part of `clearSession()`). */
export function resetCallContext(): void {
  current = null;
}
