// jest's CommonJS runtime cannot require ES modules on Node 22, and nock 15 (with its
// @mswjs/interceptors) ships only ES modules. Those files are transpiled to CommonJS like our own,
// with their one `import.meta.url` rewritten to its CommonJS equivalent.
const tsJest = require('ts-jest').default;

const base = tsJest.createTransformer({
  tsconfig: { module: 'commonjs', allowJs: true, isolatedModules: true },
});

const rewrite = (source, filename) =>
  filename.includes('/node_modules/')
    ? source.replace(/\bimport\.meta\.url\b/g, "require('url').pathToFileURL(__filename).href")
    : source;

module.exports = {
  ...base,
  process: (source, filename, options) =>
    base.process(rewrite(source, filename), filename, options),
  getCacheKey: (source, filename, options) =>
    `esm1:${base.getCacheKey(rewrite(source, filename), filename, options)}`,
};
