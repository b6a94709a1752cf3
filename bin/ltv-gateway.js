#!/usr/bin/env node
// The compiled command line; `npm run build` (run by `npm start`) produces dist/.
require('../dist/cli/main.js').main(process.argv.slice(2));
