// A deliberate import cycle for layers.test.ts.
import { b } from './b';
export const a = () => b;
