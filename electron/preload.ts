/**
 * The preload (sandboxed, context-isolated): exposes `window.caseflow = { invoke, on, openPath,
 * pathForFile }` and nothing else. The handler allow-list comes from the main process as a
 * command-line switch; main checks everything again. Bundled to CJS by scripts/build-electron.js.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { makeBridge, parseHandlerNamesArg } from './bridge';

const names = parseHandlerNamesArg(process.argv);

contextBridge.exposeInMainWorld(
  'caseflow',
  makeBridge(
    {
      invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
      on: (channel, listener) => ipcRenderer.on(channel, listener),
      removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
    },
    names,
    { pathForFile: (file) => webUtils.getPathForFile(file as File) },
  ),
);
