// Runs in every test file: its hook is registered first, so with vitest's stacked after-hooks it
// runs last, after the file's own afterAll has taken its labs down.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../e2e/cli.js';

afterAll(() => removeTempDirs());
