/** Reads `a.b.0.c` from a record; undefined when any step is missing. */
export function getPath(record: unknown, path: string): unknown {
  // Most mapping rules name a top-level field: read it without splitting the path (every rule of every
  // record of a run comes through here).
  if (path.indexOf('.') === -1) return step(record, path);
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = step(cur, part);
  }
  return cur;
}

function step(cur: unknown, part: string): unknown {
  if (cur === null || cur === undefined) return undefined;
  if (Array.isArray(cur)) return /^\d+$/.test(part) ? cur[Number(part)] : undefined;
  if (typeof cur === 'object') return Object.prototype.hasOwnProperty.call(cur, part) ? (cur as Record<string, unknown>)[part] : undefined;
  return undefined;
}
