import { readFile } from 'node:fs/promises';
import { normalize, resolve, sep } from 'node:path';

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
