/**
 * The preload (sandboxed, context-isolated): exposes `window.caseflow = { invoke, on, openPath,
 * upload, pick }` and nothing else. No local paths cross into the page: a dropped file travels as
 * bytes (upload) and a chosen one through the main process's dialog (pick), each answered by a token. The handler allow-list comes from the main process as a
 * command-line switch; main checks everything again. Bundled to CJS by scripts/build-electron.js.
 */
import { contextBridge, ipcRenderer } from 'electron';
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
  ),
);
