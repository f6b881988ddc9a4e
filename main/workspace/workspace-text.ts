// Reads a workspace file's text into JSON with limits, before anything recursive touches it: a real
// workspace is a few kilobytes and a few levels deep, while a hostile file can be huge or nested deep
// enough to overflow the stack of every recursive walk after JSON.parse (zod, JSON.stringify).
import { ServiceError } from '../service/service-error.ts';

export const MAX_WORKSPACE_BYTES = 5 * 1024 * 1024;
export const MAX_WORKSPACE_DEPTH = 32;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) max = Math.max(max, ++depth);
    else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}

export function parseWorkspaceText(text: string, file: string): unknown {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_WORKSPACE_BYTES) {
    throw new ServiceError('WORKSPACE_TOO_LARGE', `${file} is ${(bytes / 1024 / 1024).toFixed(1)} MB; a workspace file is at most ${MAX_WORKSPACE_BYTES / 1024 / 1024} MB.`, 'Export the workspace again, or remove what does not belong in it.');
  }
  const depth = jsonDepth(text);
  if (depth > MAX_WORKSPACE_DEPTH) {
    throw new ServiceError('WORKSPACE_TOO_DEEP', `${file} nests objects and arrays ${depth} levels deep; a workspace file needs at most ${MAX_WORKSPACE_DEPTH}.`, 'Check that the file is a workspace exported by ml-connector.');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ServiceError('INVALID_JSON', `${file} is not valid JSON: ${(e as Error).message}.`, 'Fix the file (or export it again) and import it.');
  }
}
