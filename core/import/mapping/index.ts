/**
 * Import mappings (import-mapping.md): reading any sheet of a real export through a `caseflow-mapping/1`
 * mapping, saved mappings matched by their headers, proposals from the synonym list, and the wizard's view
 * of a file. The import (core/import/index.ts) asks `mappingForFile` which mapping, if any, reads a file,
 * and `readMappedFile` reads it.
 */
import type { Db } from '../../../db/store';
import { HandlerError } from '../../errors';
import { checkMapping, type ResolvedMapping } from './format';
import { matchSavedMapping, savedMapping } from './saved';

export {
  checkMapping,
  parseMappingText,
  allTargets,
  targetFor,
  MAPPING_FORMAT,
  type MappingFile,
  type MappingSheet,
  type ResolvedMapping,
} from './format';
export { readMappedFile, type MappedFileResult } from './read-mapped';
export {
  listSavedMappings,
  saveMapping,
  deleteMapping,
  savedMapping,
  savedMappingFile,
  markMappingUsed,
  matchSavedMapping,
  type SavedMapping,
} from './saved';
export type { TitleDate } from './title-date';

/** Which mapping reads a file: one given for it, else a saved one its headers match (when allowed), else none. */
export interface MappingChoice {
  mapping: ResolvedMapping;
  /** True when a saved mapping was chosen by the file's headers (not named by the user). */
  matched: boolean;
}

/**
 * `given`: the mapping named for this file (null: read it in the product's own layout; undefined: look for
 * a saved mapping its headers match, unless `autoMatch` is false).
 */
export async function mappingForFile(
  db: Db,
  file: string,
  kind: 'xlsx' | 'csv',
  given: ResolvedMapping | null | undefined,
  autoMatch = true,
): Promise<MappingChoice | null> {
  if (given) return { mapping: given, matched: false };
  if (given === null || !autoMatch) return null;
  const m = await matchSavedMapping(db, file, kind);
  return m ? { mapping: m, matched: true } : null;
}

export { detectFile, type Detected } from './detect';
export { inspectFile, type Inspection, type SheetView, type TargetInfo } from './inspect';
export { scanFile } from './scan';
export { suggestMapping, type Suggestion } from './suggest';
export { fileKind } from './source';

/**
 * A mapping named by the user: a saved one by name, or a mapping file's content (JSON object). Refused
 * (HandlerError 400/404) with every problem, each naming the mapping and the key.
 */
export function resolveMappingRef(db: Db, ref: string | object): ResolvedMapping {
  if (typeof ref === 'string') return savedMapping(db, ref);
  const c = checkMapping(ref);
  if (!c.ok) throw new HandlerError(c.errors.join('\n'), 400);
  return c.resolved;
}
