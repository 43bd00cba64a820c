// Node loader hook: resolves the 'electron' specifier to a recording double so the BUILT main bundle
// can be started in plain Node (no Electron binary can run here).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === 'electron') return { url: ${JSON.stringify(new URL('./electron-module-double.mjs', import.meta.url).href)}, shortCircuit: true };
        return next(specifier, context);
      }
    `),
);
