// The definition as Zapier reads it: core's compiled app, in which every step that links to the
// User resource (index.ts) carries the resource's sample and output fields; and the connection as
// the app registers it, behind the guard (authentication.ts itself is left unguarded).
import App from '../../index';
import rawAuthentication from '../../authentication';

type Compile = (app: typeof App) => typeof App;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- core's own compiler, untyped
const { prepareApp } = require('zapier-platform-core/src/tools/schema') as { prepareApp: Compile };

export const compiledApp: typeof App = prepareApp(App);

/** authentication.ts as the app registers it: the same shape, every function guarded. */
export const authentication = App.authentication as unknown as typeof rawAuthentication;
