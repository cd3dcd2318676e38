/**
 * Loading a module of another area that may not exist yet (or that a test environment cannot
 * `require`): `require` first (the CLI runs through tsx's CommonJS hook), then `import()` (vitest).
 * Returns null when no such file exists; rethrows when it exists but fails to load.
 */
import fs from 'node:fs';

const EXTS = ['.ts', '.tsx', '.js', '.cjs', '/index.ts', '/index.js'];

/** `absPath`: the module's absolute path without extension (e.g. path.join(__dirname, 'audit')). */
export async function loadOptional<T = Record<string, unknown>>(absPath: string): Promise<T | null> {
  if (!EXTS.some((e) => fs.existsSync(absPath + e))) return null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(absPath) as T;
  } catch (first) {
    try {
      return (await import(absPath)) as T;
    } catch (e) {
      const code = (first as { code?: string }).code;
      throw code === 'MODULE_NOT_FOUND' && String((first as Error).message).includes(`'${absPath}'`) ? e : first;
    }
  }
}

/** A named function of an optional module, or null. */
export async function optionalFn<F>(absPath: string, name: string): Promise<F | null> {
  const m = await loadOptional<Record<string, unknown>>(absPath);
  const f = m?.[name];
  return typeof f === 'function' ? (f as F) : null;
}
