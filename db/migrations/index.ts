/**
 * The numbered migrations, in order. A store's schema version is SQLite's `user_version`.
 * Rules: never edit a migration that has shipped; add a new numbered file; one test per migration
 * (test/db/migrations.test.ts) migrates a store of the previous version holding data.
 */
import * as m001 from './001-case-store';
import * as m002 from './002-audit';
import * as m003 from './003-notices-bulletins';
import * as m004 from './004-referrals';
import * as m005 from './005-operations';
import * as m006 from './006-custom-rules';
import * as m007 from './007-as-of';
import * as m008 from './008-letters';
import * as m009 from './009-import-mappings';
import * as m010 from './010-case-search';
import * as m011 from './011-deadlines';
import * as m012 from './012-views';
import * as m013 from './013-notice-withdrawal';
import * as m014 from './014-escalation';
import * as m015 from './015-grid-indexes';
import * as m016 from './016-title-pieces';
import * as m017 from './017-case-counts';
import * as m018 from './018-category-title';
import * as m019 from './019-department-title';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
