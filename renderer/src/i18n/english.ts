// Everything English in one chunk, fetched only when the seller picks English (zh-CN is the default).
export { default as messages } from './en';
export { default as antdLocale } from 'antd/locale/en_US';
