/**
 * The `secrets` section of dataops.yml, read by `dataops setup`:
 *
 *   secrets:
 *     <scope>:
 *       <key>: { env: NAME }        # the value of an environment variable
 *       <key>: { file: path }       # the content of a file, relative to the project root
 *       acls:                       # optional
 *         - { principal: users, permission: READ }
 */
import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

export type SecretSource = { env: string } | { file: string };

export interface SecretSpec {
  key: string;
  source: SecretSource;
}

export const ACL_PERMISSIONS = ['READ', 'WRITE', 'MANAGE'] as const;
export type AclPermissionName = (typeof ACL_PERMISSIONS)[number];

export interface AclSpec {
  principal: string;
  permission: AclPermissionName;
}

export interface ScopeSpec {
  scope: string;
  secrets: SecretSpec[];
  acls: AclSpec[];
}

/** The key that holds a scope's ACLs instead of a secret. */
const ACLS = 'acls';

export const secretsSettingsSchema: JsonObject = {
  type: 'object',
  description:
    'Secret scopes and secrets that `dataops setup` creates, idempotently: each scope maps secret keys to where the value comes from, `{env: NAME}` or `{file: path}` (relative to the project root), and may list `acls`. Values never appear in output. Default: {} (no secrets).',
  propertyNames: { pattern: '^[A-Za-z0-9_.@-]{1,128}$' },
  additionalProperties: {
    type: 'object',
    description: 'A secret scope (letters, digits, `_`, `-`, `.`, `@`; at most 128 characters).',
    propertyNames: { pattern: '^[A-Za-z0-9_.-]{1,128}$' },
    properties: {
      [ACLS]: {
        type: 'array',
        description: 'Who may read, write or manage the scope. Default: none besides the creator (MANAGE).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['principal', 'permission'],
          properties: {
            principal: { type: 'string', minLength: 1, description: 'A user name, group name or service principal application id.' },
            permission: { enum: [...ACL_PERMISSIONS], description: 'READ, WRITE or MANAGE.' },
          },
        },
      },
    },
    additionalProperties: {
      description: 'A secret: `{env: NAME}` reads the environment variable NAME, `{file: path}` reads a file.',
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['env'], properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } } },
        { type: 'object', additionalProperties: false, required: ['file'], properties: { file: { type: 'string', minLength: 1 } } },
      ],
    },
  },
};

/** The scopes of the (schema-checked) settings, in file order. */
export function secretScopes(raw: JsonObject): ScopeSpec[] {
  const section = isObject(raw.secrets) ? raw.secrets : {};
  return Object.entries(section).flatMap(([scope, entries]) => {
    if (!isObject(entries)) return [];
    const secrets: SecretSpec[] = [];
    let acls: AclSpec[] = [];
    for (const [key, value] of Object.entries(entries)) {
      if (key === ACLS && Array.isArray(value)) acls = value.filter(isObject).map((acl) => ({ principal: String(acl.principal), permission: acl.permission as AclPermissionName }));
      else if (isObject(value) && typeof value.env === 'string') secrets.push({ key, source: { env: value.env } });
      else if (isObject(value) && typeof value.file === 'string') secrets.push({ key, source: { file: value.file } });
    }
    return [{ scope, secrets, acls }];
  });
}
