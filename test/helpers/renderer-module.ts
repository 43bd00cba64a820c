import { resolve } from 'node:path';

const rendererRoot = resolve(import.meta.dirname, '../../renderer/src');

/**
 * Loads a renderer module (data or pure logic) in a node test. The path is computed, so the node tsconfig project
 * does not pull renderer files in; the caller states the shape it uses.
 */
export function importRenderer<T>(path: string): Promise<T> {
  return import(resolve(rendererRoot, path)) as Promise<T>;
}
