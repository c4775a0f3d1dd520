import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './authentication';
import { addHighLevelHeaders, handleHighLevelErrors } from './lib/http';

export = defineApp({
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [addHighLevelHeaders],
  afterResponse: [handleHighLevelErrors],
  triggers: {},
  creates: {},
  searches: {},
});
