// The entry point Zapier loads: the zapierwrapper.js that `zapier-platform build` adds requires
// ./index.js from the app's root, and the app itself is compiled by tsc into build/.
module.exports = require('./build/index');
