// A deliberate import cycle for layers.test.ts.
import { a } from './a';
export const b = () => a;
