'use strict';
/**
 * electron-builder afterPack hook: flips the Electron fuses of the packaged binary (before signing),
 * so the shipped executable cannot be turned into a general-purpose Node runtime or debugger:
 *   RunAsNode off                          ELECTRON_RUN_AS_NODE is ignored
 *   EnableNodeOptionsEnvironmentVariable   NODE_OPTIONS is ignored
 *   EnableNodeCliInspectArguments off      --inspect / --inspect-brk are ignored
 *   OnlyLoadAppFromAsar on                 the app loads only from resources/app.asar
 *   EnableEmbeddedAsarIntegrityValidation  the asar header hash electron-builder embeds is checked (Windows, macOS)
 *   EnableCookieEncryption on, GrantFileProtocolExtraPrivileges off (the app serves its UI over its own protocol)
 * @electron/fuses comes with electron-builder (node_modules/@electron/fuses).
 */
const fs = require('node:fs');
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, exported for the packaging test. */
const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const names = [
    packager.executableName,
    packager.platformSpecificBuildOptions && packager.platformSpecificBuildOptions.executableName,
    packager.config && packager.config.executableName,
    packager.appInfo.productFilename,
  ].filter(Boolean);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  const ext = electronPlatformName === 'win32' ? '.exe' : '';
  for (const n of names) {
    const p = path.join(appOutDir, n + ext);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`afterPack: 找不到可执行文件（在 ${appOutDir} 中试过 ${names.map((n) => n + ext).join(', ')}）`);
}

async function afterPack(context) {
  const exe = executablePath(context);
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(exe, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: mac && process.arch === 'arm64',
    ...FUSES,
  });
  console.log(`  • fuses flipped  file=${exe}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
