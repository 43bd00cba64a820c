// Loaded before the app (see index.html): zod otherwise probes `new Function` once, which our CSP (no
// 'unsafe-eval') blocks and Chromium reports as a violation even though zod catches it. It must run before the
// first z.object() is built anywhere, hence its own entry ahead of main.tsx.
// zod/v4/core is the module the classic API is built on (one globalConfig), without pulling in that API.
import { config } from 'zod/v4/core';

config({ jitless: true });
