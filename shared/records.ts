// Maps whose keys come from user text (template variables, column names): `${constructor}` or `${__proto__}` must
// read and write a value of their own, never Object.prototype's.

/** The value stored under `key` itself; undefined for inherited members such as constructor / toString. */
export function ownValue<T>(map: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return map && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** An empty map without a prototype: `map.__proto__ = v` stores a value instead of changing the prototype. */
export function userKeyedMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
