#!/usr/bin/env node
// `npx suiji-verify-draw receipt.json [pool.csv] [--entity entity.json]`: the draw verifier as a
// command. It loads the TypeScript source through tsx, so it needs no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = fileURLToPath(new URL('../cli/commands/verify_draw.ts', import.meta.url));
process.argv.splice(1, 1, entry);
await import(entry);
