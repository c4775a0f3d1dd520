// The "bare" side of the warm timings: our performs, middleware and authentication in a
// definition without input fields, output fields or samples. Core copies and freezes the whole
// definition twice per invocation (zapier-platform-core src/tools/create-lambda-handler.js:
// createApp() and prepareApp()), so app minus bare is what our definition's size costs.
import { App, type Perform } from '../tour/harness';

export const bareApp = (): object => {
  const bare = (operations: Record<string, unknown> | undefined) =>
    Object.fromEntries(
      Object.entries(operations ?? {}).map(([key, value]) => {
        const { noun, display, operation } = value as {
          noun: string;
          display: object;
          operation: { perform: Perform; type?: string; canPaginate?: boolean };
        };
        const { perform, type, canPaginate } = operation;
        return [key, { key, noun, display, operation: { perform, type, canPaginate } }];
      }),
    );
  return {
    version: App.version,
    platformVersion: App.platformVersion,
    authentication: App.authentication,
    beforeRequest: App.beforeRequest,
    afterResponse: App.afterResponse,
    triggers: bare(App.triggers),
    creates: bare(App.creates),
    searches: bare(App.searches),
  };
};
