// A small checker for the part of OpenAPI 3 that HighLevel's Users and Locations documents use:
// path templates, query/header/path parameters (required, type, enum), and JSON request bodies
// (object, required, properties, string/boolean/number/array, enum, $ref within the document).
// Properties a schema does not list are refused, as HighLevel's API refuses them ("property X
// should not exist"); so are deprecated ones (Update User's `email`). Two lists are open, as they
// are at HighLevel: a scope code or permission switch the documents do not list yet, of the right
// shape, is accepted (tracker #209 shows a live switch the documents lack).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedRequest } from '../helpers/api';
import { SCOPE_SHAPE, SWITCH_SHAPE } from '../helpers/request-rules';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  deprecated?: boolean;
}

interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Reference {
  documents: Document[];
}

const REFERENCE_DIR = join(__dirname, '..', '..', '..', 'shared', 'reference');
const FILES = ['ghl-users-openapi.json', 'ghl-locations-openapi.json'];

/**
 * The scope lists of the 2021-07-28 document, widened to the v3 document's: the app sends the
 * scopes HighLevel documents anywhere (v3 adds five), and the Users endpoints are the same.
 */
const withV3Scopes = (users: Document): Document => {
  const v3Path = join(REFERENCE_DIR, 'ghl-users-v3-openapi.json');
  if (!existsSync(v3Path)) return users;
  const v3 = JSON.parse(readFileSync(v3Path, 'utf8')) as Document;
  const all = new Set<unknown>();
  const visit = (node: unknown, collect: boolean): void => {
    if (Array.isArray(node)) node.forEach((item) => visit(item, collect));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        const schema = value as { enum?: unknown[]; items?: { enum?: unknown[] } };
        if (key === 'scopes' || key === 'scopesAssignedToOnly') {
          const list = schema.items?.enum ?? schema.enum;
          if (list) {
            if (collect) list.forEach((code) => all.add(code));
            else list.splice(0, list.length, ...all);
          }
        }
        visit(value, collect);
      }
    }
  };
  visit(v3, true);
  visit(users, false);
  return users;
};

/** HighLevel's OpenAPI documents from ../shared/reference, or undefined when they are not there. */
export const loadReference = (): Reference | undefined => {
  const paths = FILES.map((file) => join(REFERENCE_DIR, file));
  if (!paths.every((path) => existsSync(path))) return undefined;
  const [users, ...rest] = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as Document);
  return { documents: [withV3Scopes(users as Document), ...rest] };
};

interface Match {
  document: Document;
  operation: Operation;
  pathParams: Record<string, string>;
  literalLength: number;
}

const templateRegex = (template: string): { regex: RegExp; names: string[] } => {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param) {
        names.push(param[1] ?? '');
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
};

/** The documented operation for a method and (percent-encoded) path; literal paths win. */
const findOperation = (reference: Reference, method: string, path: string): Match | undefined => {
  const matches: Match[] = [];
  for (const document of reference.documents) {
    for (const [template, operations] of Object.entries(document.paths)) {
      const operation = operations[method.toLowerCase()];
      if (!operation) continue;
      const { regex, names } = templateRegex(template);
      const found = regex.exec(path);
      if (!found) continue;
      const pathParams = Object.fromEntries(
        names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
      );
      matches.push({
        document,
        operation,
        pathParams,
        literalLength: template.replace(/\{[^}]+\}/g, '').length,
      });
    }
  }
  return matches.sort((a, b) => b.literalLength - a.literalLength)[0];
};

const resolve = (document: Document, schema: Schema): Schema => {
  if (!schema.$ref) return schema;
  const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name ? document.components?.schemas?.[name] : undefined;
  if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`);
  return resolve(document, target);
};

/** An undocumented value HighLevel's growing lists may hold: a scope code, or a switch's name. */
const openValue = (where: string, value: unknown): boolean =>
  /\.scopes(AssignedToOnly)?\[\d+\]$/.test(where) &&
  typeof value === 'string' &&
  SCOPE_SHAPE.test(value);
const openProperty = (where: string, key: string, value: unknown): boolean =>
  /\.permissions$/.test(where) && SWITCH_SHAPE.test(key) && typeof value === 'boolean';

const kindOf = (value: unknown): string =>
  Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

const checkValue = (
  document: Document,
  rawSchema: Schema,
  value: unknown,
  where: string,
  problems: string[],
): void => {
  const schema = resolve(document, rawSchema);
  if (schema.enum && !schema.enum.includes(value) && !openValue(where, value)) {
    problems.push(`${where}: ${JSON.stringify(value)} is not one of the documented values`);
    return;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string')
        problems.push(`${where}: must be a string, not ${kindOf(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        problems.push(`${where}: must be a boolean, not ${kindOf(value)}`);
      return;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) {
        problems.push(`${where}: must be a ${schema.type}, not ${kindOf(value)}`);
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        problems.push(`${where}: must be an array, not ${kindOf(value)}`);
        return;
      }
      value.forEach((item, i) => {
        if (schema.items) checkValue(document, schema.items, item, `${where}[${i}]`, problems);
      });
      return;
    case 'object':
    case undefined: {
      if (!schema.properties) return;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${where}: must be an object, not ${kindOf(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) problems.push(`${where}.${key}: required but missing`);
      }
      for (const [key, item] of Object.entries(record)) {
        const property = schema.properties[key];
        if (!property) {
          if (openProperty(where, key, item)) continue;
          problems.push(`${where}.${key}: not a documented property`);
          continue;
        }
        if (resolve(document, property).deprecated || property.deprecated) {
          problems.push(`${where}.${key}: deprecated, HighLevel no longer accepts it`);
        }
        checkValue(document, property, item, `${where}.${key}`, problems);
      }
      return;
    }
    default:
      return;
  }
};

/** A query or header value (always text on the wire) against its parameter's schema. */
const checkParameterText = (
  document: Document,
  parameter: Parameter,
  value: string,
  problems: string[],
): void => {
  const schema = resolve(document, parameter.schema ?? {});
  const where = `${parameter.in} ${parameter.name}`;
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${where}: ${JSON.stringify(value)} is not one of the documented values`);
  }
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false') {
    problems.push(`${where}: ${JSON.stringify(value)} is not a boolean`);
  }
  if ((schema.type === 'number' || schema.type === 'integer') && !/^-?\d+(\.\d+)?$/.test(value)) {
    problems.push(`${where}: ${JSON.stringify(value)} is not a number`);
  }
};

/** Every way a request departs from HighLevel's documents; [] when it is valid. */
export const openApiProblems = (reference: Reference, request: CapturedRequest): string[] => {
  const match = findOperation(reference, request.method, request.path);
  if (!match) return [`${request.method} ${request.path}: no such documented operation`];
  const { document, operation, pathParams } = match;
  const problems: string[] = [];
  const parameters = operation.parameters ?? [];

  for (const [name, value] of Object.entries(pathParams)) {
    if (value.trim() === '') problems.push(`path ${name}: empty`);
  }
  for (const parameter of parameters) {
    if (parameter.in === 'query') {
      const value = request.query[parameter.name];
      if (value === undefined) {
        if (parameter.required) problems.push(`query ${parameter.name}: required but missing`);
      } else checkParameterText(document, parameter, value, problems);
    }
    if (parameter.in === 'header') {
      const value = request.headers[parameter.name.toLowerCase()];
      if (value === undefined) {
        if (parameter.required) problems.push(`header ${parameter.name}: required but missing`);
      } else checkParameterText(document, parameter, value, problems);
    }
  }
  const documentedQuery = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of Object.keys(request.query)) {
    if (!documentedQuery.has(name)) problems.push(`query ${name}: not a documented parameter`);
  }

  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (bodySchema) {
    if (request.body === undefined) problems.push('body: a JSON body is required');
    else checkValue(document, bodySchema, request.body, 'body', problems);
  } else if (request.rawBody !== '') {
    problems.push('body: this operation takes no body');
  }
  return problems;
};
