/**
 * The checks the CLI runs first when it initialises a target, before any variable has a value
 * (so an error here leaves every variable unassigned in what validate prints), and the one on
 * workspace paths it runs once they are resolved.
 */
import { Dyn } from '../dyn/value.js';
import { compareStrings } from '../dyn/merge.js';
import { containsReference, findReferences, isPureReference } from '../dyn/ref.js';
import { parsePath } from '../dyn/path.js';
import { addError, addWarning, stringAt, type BundleState, type Mutator } from '../state.js';

/** Where the SDK reads each authentication field from, when not from the bundle. */
const AUTH_FIELD_ENV: readonly (readonly [string, string])[] = [
  ['host', 'DATABRICKS_HOST'],
  ['profile', 'DATABRICKS_CONFIG_PROFILE'],
  ['auth_type', 'DATABRICKS_AUTH_TYPE'],
  ['metadata_service_url', 'DATABRICKS_METADATA_SERVICE_URL'],
  ['client_id', 'DATABRICKS_CLIENT_ID'],
  ['google_service_account', 'DATABRICKS_GOOGLE_SERVICE_ACCOUNT'],
  ['azure_resource_id', 'DATABRICKS_AZURE_RESOURCE_ID'],
  ['azure_use_msi', 'ARM_USE_MSI'],
  ['azure_client_id', 'ARM_CLIENT_ID'],
  ['azure_tenant_id', 'ARM_TENANT_ID'],
  ['azure_environment', 'ARM_ENVIRONMENT'],
  ['azure_login_app_id', 'DATABRICKS_AZURE_LOGIN_APP_ID'],
  ['account_id', 'DATABRICKS_ACCOUNT_ID'],
  ['workspace_id', 'DATABRICKS_WORKSPACE_ID'],
];

const SCRIPT_ENV_PREFIXES = ['bundle', 'workspace', 'var', 'variables'];

function entriesOf(v: Dyn | undefined): [string, Dyn][] {
  return v?.kind === 'map' ? [...v.entries].map(([key, pair]): [string, Dyn] => [key, pair.value]) : [];
}

function sortedEntries(v: Dyn | undefined): [string, Dyn][] {
  return entriesOf(v).sort(([a], [b]) => compareStrings(a, b));
}

/** `resources.jobs.x:` with nothing under it. */
export const allResourcesHaveValues: Mutator = {
  name: 'validate:AllResourcesHaveValues',
  apply(state) {
    for (const [group, resources] of entriesOf(state.root.get('resources'))) {
      for (const [name, resource] of entriesOf(resources)) {
        if (resource.kind !== 'nil') continue;
        addError(state, { summary: `${group.replace(/s$/, '')} ${name} is not defined`, locations: resource.locs, paths: [['resources', group, name]] });
      }
    }
  },
};

/** Authentication is read before variables exist: a reference there is never resolved. */
export const noInterpolationInAuthConfig: Mutator = {
  name: 'validate:interpolation_in_auth_config',
  apply(state) {
    const workspace = state.root.get('workspace');
    // `workspace:` with everything under it commented out: the CLI cannot read its first field.
    if (workspace?.kind === 'nil') return addError(state, { summary: 'expected a map to index "workspace.host", found nil', subject: ['workspace'] });
    for (const [field, envVar] of AUTH_FIELD_ENV) {
      const v = workspace?.get(field);
      const s = v?.asString();
      if (v === undefined || s === undefined || !containsReference(s)) continue;
      addWarning(state, {
        summary: 'Variable interpolation is not supported for fields that configure authentication',
        detail: `Interpolation is not supported for the field workspace.${field}. Please set\nthe ${envVar} environment variable if you wish to configure this field at runtime.`,
        locations: v.locs,
        paths: [['workspace', field]],
      });
    }
  },
};

/** The bundle name is part of where its state is kept: a name that varies forgets deployments. */
export const noInterpolationInBundleName: Mutator = {
  name: 'validate:no_interpolation_in_bundle_name',
  apply(state) {
    const name = state.root.get('bundle')?.get('name');
    if (!containsReference(name?.asString() ?? '')) return;
    addWarning(state, {
      summary:
        'Please do not use variable interpolation in the name of your bundle. The name of your bundle\nis a part of the path at which your bundle state is stored at by default. Parameterizing it at\nruntime can have unexpected consequences like duplicate deployments or resources not being\ncleaned up during bundle destroy.',
      locations: name?.locs ?? [],
      paths: [['bundle', 'name']],
    });
  },
};

export const validateEngine: Mutator = {
  name: 'validate:engine',
  apply(state) {
    const v = state.root.get('bundle')?.get('engine');
    const engine = v?.asString() ?? '';
    if (engine === '') return;
    if (engine !== 'terraform' && engine !== 'direct') {
      return addError(state, { summary: `invalid value ${JSON.stringify(engine)} for bundle.engine (expected "terraform" or "direct")`, locations: [v?.location] });
    }
    if (engine === 'terraform') {
      addWarning(state, {
        summary: 'the terraform deployment engine is deprecated and will stop working in a future version of the CLI',
        detail: 'See https://docs.databricks.com/aws/en/dev-tools/bundles/direct for how to migrate to the direct deployment engine',
        locations: [v?.location],
      });
    }
  },
};

/** Scripts run before the bundle is interpolated: content cannot hold `${...}`, env only bundle, workspace and var. */
export const validateScripts: Mutator = {
  name: 'validate:scripts',
  apply(state) {
    for (const [key, script] of sortedEntries(state.root.get('scripts'))) {
      const content = script.get('content');
      const text = content?.asString() ?? '';
      if (text === '') {
        addError(state, { summary: `Script ${key} has no content`, paths: [['scripts', key, 'content']], subject: ['scripts', key] });
        continue;
      }
      const [first] = findReferences(text);
      if (first) {
        addError(state, {
          summary: `Found ${first.text} in script ${key}.content. Interpolation syntax \${...} is not supported in script content`,
          detail: `The \${...} syntax is not allowed in script content. To use a bundle value,\ndeclare an environment variable in the script's "env:" section and reference it\nfrom "content" with $NAME:\n\n  scripts:\n    ${key}:\n      env:\n        MY_VAR: \${var.foo}\n      content: echo "$MY_VAR"`,
          locations: content?.locs ?? [],
          paths: [['scripts', key, 'content']],
        });
        continue;
      }
      for (const [name, value] of sortedEntries(script.get('env'))) {
        for (const ref of findReferences(value.asString() ?? '')) {
          if (SCRIPT_ENV_PREFIXES.includes(ref.path.split('.')[0] ?? '')) continue;
          addError(state, {
            summary: `\${${ref.path}} cannot be used in scripts.${key}.env.${name}; only \${bundle.*}, \${workspace.*}, and \${var.*} are resolved before scripts execute`,
            locations: value.locs,
            paths: [['scripts', key, 'env', name]],
          });
        }
      }
    }
  },
};

/** A secret's value comes from a variable without a default, never from the YAML itself. */
export const validateSecretValueIsVariable: Mutator = {
  name: 'ValidateSecretValueIsVariable',
  apply(state) {
    // The CLI walks a Go map (no fixed order); by name, a run prints the same every time.
    for (const [key, secret] of sortedEntries(state.root.get('resources')?.get('secrets'))) {
      const value = secret.get('value');
      const text = value?.asString();
      if (value === undefined || text === undefined) continue;
      const path = ['resources', 'secrets', key, 'value'];
      if (!isPureReference(text)) {
        addError(state, {
          summary: 'Secret value must be a variable reference',
          detail: `The secret value for "${key}" must be a variable reference (e.g., \${var.my_secret}).\nPlain text secret values are not allowed to prevent leaking secrets in configuration files.\nUse bundle variables to pass secret values at deployment time.`,
          locations: value.locs,
          paths: [path],
        });
        continue;
      }
      const ref = parsePath(text.slice(2, -1));
      const name = ref?.[0] === 'var' && typeof ref[1] === 'string' ? ref[1] : undefined;
      const defaultValue = name === undefined ? undefined : state.root.get('variables')?.get(name)?.get('default');
      if (name === undefined || defaultValue === undefined || defaultValue.kind === 'nil') continue;
      addError(state, {
        summary: 'Variable used for secret value must not have a default value',
        detail: `The variable "${name}" used for the secret "${key}" must not have a default value.\nA default value is stored in plain text in the configuration file, which defeats the purpose of using a variable reference for a secret.\nRemove the default value and pass the secret value at deployment time using "--var", the BUNDLE_VAR_${name} environment variable, or a variable overrides file.`,
        locations: [...defaultValue.locs, ...value.locs],
        paths: [path],
      });
    }
  },
};

/** Only artifacts may live in a Unity Catalog volume; the rest of the deployment is workspace files. */
export const validateVolumePath: Mutator = {
  name: 'validate:volume-path',
  apply(state) {
    for (const field of ['root_path', 'file_path', 'state_path', 'resource_path']) {
      const path = stringAt(state.root, 'workspace', field);
      if (!path.startsWith('/Volumes/')) continue;
      addError(state, {
        summary: `workspace.${field} ${path} starts with /Volumes. /Volumes can only be used with workspace.artifact_path.`,
        detail: 'For more information, see https://docs.databricks.com/aws/en/dev-tools/bundles/settings#workspace',
        locations: state.root.get('workspace')?.get(field)?.locs ?? [],
        paths: [['workspace', field]],
      });
      if (field === 'root_path') return;
    }
  },
};

/** Etags are state the deployment keeps (drift detection), never written by a person. */
function noEtags(group: 'dashboards' | 'genie_spaces', noun: string, titleField: string): Mutator {
  return {
    name: `validate:${group}_etags`,
    apply(state) {
      for (const [key, resource] of sortedEntries(state.root.get('resources')?.get(group))) {
        if ((resource.get('etag')?.asString() ?? '') === '') continue;
        // The CLI stops at the first one it meets.
        return addError(state, {
          summary: `${noun} ${JSON.stringify(resource.get(titleField)?.asString() ?? '')} has an etag set. Etags must not be set in bundle configuration`,
          locations: resource.locs,
          paths: [['resources', group, key]],
        });
      }
    },
  };
}

export const validateDashboardEtags = noEtags('dashboards', 'dashboard', 'display_name');
export const validateGenieSpaceEtags = noEtags('genie_spaces', 'genie space', 'title');
