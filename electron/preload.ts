// Sandboxed preload: no packages, only contextBridge + ipcRenderer. Exposes exactly the contract's
// two operations; listeners get (name, payload), never the IpcRendererEvent.
import { contextBridge, ipcRenderer } from 'electron';

const REQUEST_CHANNEL = 'jst:request';
const EVENT_CHANNEL = 'jst:event';

contextBridge.exposeInMainWorld('jstBridge', {
  request: (method: string, input: unknown) => ipcRenderer.invoke(REQUEST_CHANNEL, String(method), input),
  subscribe: (listener: (name: string, payload: unknown) => void) => {
    const handler = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
});
