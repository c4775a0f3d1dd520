// Input fields shared by several operations: every ID is a dynamic dropdown fed by a hidden
// trigger (and, for users, linked to the Find User search so it can be looked up by email).
import { defineInputField } from 'zapier-platform-core';

export const userIdField = (required = true) =>
  defineInputField({
    key: 'userId',
    label: 'User',
    type: 'string',
    required,
    dynamic: 'user_choices.id.name',
    search: 'find_user.id',
    helpText:
      'The HighLevel user. Pick one, map a User ID from an earlier step, or use "Find User" to look one up by email.',
  });

export const locationIdField = (options: { required?: boolean; helpText?: string } = {}) =>
  defineInputField({
    key: 'locationId',
    label: 'Sub-account',
    type: 'string',
    required: options.required ?? false,
    dynamic: 'location_choices.id.name',
    helpText:
      options.helpText ??
      'A HighLevel sub-account. On a Sub-account connection this is always the connected one.',
  });
