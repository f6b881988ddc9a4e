#!/usr/bin/env node
// The `ml-connector` command. Runs the TypeScript sources through tsx, so the CLI works right after
// `npm install` with no build step (the desktop app ships an esbuild bundle instead).
import { register } from 'tsx/esm/api';

register();
await import('../main/cli.ts');
