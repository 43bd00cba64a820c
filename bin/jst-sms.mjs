#!/usr/bin/env node
// CLI entry: runs the TypeScript sources through tsx so `npx jst-sms` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/index.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
