/** The English (and any other) messages have the zh-CN shape with any strings: a missing or extra key is a type error. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
