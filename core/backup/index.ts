/** Backups, restore, retention (see backup.ts, restore.ts, retention.ts, auto.ts). */
export * from './backup';
export * from './retention';
export * from './restore';
export * from './auto';
