#!/usr/bin/env node
// Thin launcher: keeps the published entry point stable while the code lives in dist/.
import '../dist/cli/main.js';
