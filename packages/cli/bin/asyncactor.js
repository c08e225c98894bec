#!/usr/bin/env node
// The installed command runs the built CLI.
require('../dist/main.js').runCli();
