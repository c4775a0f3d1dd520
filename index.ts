import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './authentication';
import { addHighLevelHeaders, handleHighLevelErrors } from './lib/highlevel/client';
import { userResource } from './lib/highlevel/user';
import { guardApp } from './lib/safety/guard';
import { USER_FIELD_LABELS } from './lib/users/fields';
import search_users from './triggers/search_users';
import filter_users_by_email from './triggers/filter_users_by_email';
import get_user from './triggers/get_user';
import deleted_user from './triggers/deleted_user';
import user_event from './triggers/user_event';
import list_users_by_location from './triggers/list_users_by_location';
import user_choices from './triggers/user_choices';
import location_choices from './triggers/location_choices';
import scope_choices from './triggers/scope_choices';
import create_user from './creates/create_user';
import update_user from './creates/update_user';
import delete_user from './creates/delete_user';
import api_request from './creates/api_request';
import find_user from './searches/find_user';

// guardApp: a new definition with every function of this one behind one gate (lib/safety/guard.ts).
export = guardApp(
  defineApp({
    version: packageJson.version,
    platformVersion,
    authentication,
    resources: { [userResource.key]: userResource },
    beforeRequest: [addHighLevelHeaders],
    afterResponse: [handleHighLevelErrors],
    triggers: {
      [search_users.key]: search_users,
      [filter_users_by_email.key]: filter_users_by_email,
      [get_user.key]: get_user,
      [deleted_user.key]: deleted_user,
      [user_event.key]: user_event,
      [list_users_by_location.key]: list_users_by_location,
      [user_choices.key]: user_choices,
      [location_choices.key]: location_choices,
      [scope_choices.key]: scope_choices,
    },
    creates: {
      [create_user.key]: create_user,
      [update_user.key]: update_user,
      [delete_user.key]: delete_user,
      [api_request.key]: api_request,
    },
    searches: {
      [find_user.key]: find_user,
    },
    searchOrCreates: {
      // Zapier requires a search-or-create's own `key` to equal its search's key (an editor limitation
      // `zapier validate` enforces); the entry stays registered as find_or_create_user. The editor
      // fills the create's fields from the search's fields of the same key, so `email` carries over.
      // No `update`/`updateInputFromSearchOutput`: a match is returned as found, never changed.
      find_or_create_user: {
        key: 'find_user',
        display: {
          label: 'Find or Create User',
          description: 'Finds a user by email, or creates one when none matches.',
        },
        search: 'find_user',
        create: 'create_user',
      },
    },
  }),
  USER_FIELD_LABELS,
);
