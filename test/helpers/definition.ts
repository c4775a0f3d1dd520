// The definition as Zapier reads it: core's compiled app, in which every step that links to the
// User resource (index.ts) carries the resource's sample and output fields.
import App from '../../index';

type Compile = (app: typeof App) => typeof App;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- core's own compiler, untyped
const { prepareApp } = require('zapier-platform-core/src/tools/schema') as { prepareApp: Compile };

export const compiledApp: typeof App = prepareApp(App);
