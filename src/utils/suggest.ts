// "Did you mean ...?" for names a user mistyped: option keys, initializer,
// regularizer, constraint (and later activation) identifiers. One function
// picks the closest valid name; one formats the hint; both are shared.

/** `input_shape` -> `inputShape` (a snake_case spelling of a camelCase key). */
export const snakeToCamel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The valid name `given` most likely meant: its camelCase form if that is
 * valid (`input_shape` -> `inputShape`), else the nearest name within a
 * few edits (about a third of its length), else null.
 */
export function closestName(given: string, valid: Iterable<string>): string | null {
  const names = [...valid];
  const camel = snakeToCamel(given);
  if (camel !== given && names.includes(camel)) return camel;
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(given.length / 3)) + 1;
  for (const n of names) {
    const dd = distance(given, n);
    if (dd < bestD) [best, bestD] = [n, dd];
  }
  return best;
}

/** `" Did you mean `inputShape`?"`, or `""` when nothing is close. */
export function didYouMean(given: string, valid: Iterable<string>, quote: (s: string) => string = (s) => `\`${s}\``): string {
  const c = closestName(given, valid);
  return c === null ? "" : ` Did you mean ${quote(c)}?`;
}

/**
 * The message for an identifier that is not a known name: Keras's
 * `Could not interpret <kind> identifier: <given>`, then the closest valid
 * name and the valid names.
 */
export function unknownIdentifierMessage(kind: string, given: string, valid: Iterable<string>): string {
  const names = [...new Set(valid)].sort();
  const q = (s: string): string => `'${s}'`;
  return `Could not interpret ${kind} identifier: ${given}.${didYouMean(given, names, q)} Valid names: ${names.map(q).join(", ")}.`;
}
