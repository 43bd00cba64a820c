import { readFile } from 'node:fs/promises';
import { normalize, resolve, sep } from 'node:path';

// Serving the renderer build: both shells (Electron's app:// protocol and the browser host) use these.

/** Resolves a URL path to a file inside the renderer build, refusing traversal. Routes live in the hash, so no fallback. */
export async function readRendererFile(rendererDir: string, urlPath: string): Promise<{ path: string; body: Buffer } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split(/[/\\]/).includes('..')) return null;
  const root = resolve(rendererDir);
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const target = resolve(root, relative === '' ? 'index.html' : relative);
  if (!target.startsWith(root + sep)) return null;
  try {
    return { path: target, body: await readFile(target) };
  } catch {
    return null;
  }
}

/** No remote content at all: scripts, styles, images, connections only from our own origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Ant Design injects its CSS-in-JS as <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export function mimeType(path: string): string {
  const dot = path.lastIndexOf('.');
  return MIME[dot >= 0 ? path.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream';
}

/** Headers both shells send with every renderer file. */
export function rendererResponseHeaders(path: string): Record<string, string> {
  return {
    'Content-Type': mimeType(path),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}
