#!/usr/bin/env node
// Entry point of the `shinchoku` command. The sources are TypeScript, run through tsx's
// loader so that a fresh clone needs no build step before its first start.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
