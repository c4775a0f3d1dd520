// The entry point the CLI loads here (`zapier-platform validate`, `invoke`): the app compiled by
// tsc into build/. build.zip carries no such file: there, index.js is the app bundled by
// scripts/build-zip.ts, and the zapierwrapper.js the CLI adds requires it.
module.exports = require('./build/index');
