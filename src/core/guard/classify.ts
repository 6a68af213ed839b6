/**
 * Decides, for one bundle resource, whether deploying it is safe: which same-named
 * workspace objects this deployment owns and which would end up beside a duplicate
 * or be taken over.
 */
import type { BundleResource, DeploymentState, TargetPlaces, WorkspaceObject } from './model.js';
import { stateKey } from './model.js';
import { TYPE_SPECS, type ResourceType } from './types.js';

/** How a same-named object relates to this deployment. */
export type Relation =
  /** The id this target's deployment state records for the resource. */
  | 'owned'
  /** Deployed by this target, but the state does not record it (lost state, or a copy left by one). */
  | 'untracked'
  /** Deployed by a bundle at another root path, or by another bundle. */
  | 'other-bundle'
  /** Made by hand or by a script. */
  | 'unmanaged';

export interface MatchedObject extends WorkspaceObject {
  relation: Relation;
  /** One sentence: why it has that relation. */
  why: string;
}

/**
 * new: nothing carries the name, the deploy creates it; owned: the only object with the name
 * is this deployment's; conflict: the deploy would duplicate or take over something;
 * allowed: a conflict the allowlist accepts; unchecked: the workspace could not be asked.
 */
export type Verdict = 'new' | 'owned' | 'conflict' | 'allowed' | 'unchecked';

export interface ResourceVerdict {
  resource: BundleResource;
  verdict: Verdict;
  /** The id the deployment state records, if any. */
  stateId?: string;
  matches: MatchedObject[];
  /** Why the verdict, in one sentence. */
  summary: string;
  /** What to do about a conflict. */
  hint?: string;
  warnings: string[];
}

export interface ClassifyInput {
  resource: BundleResource;
  /** Every workspace object of the resource's type carrying its final name. */
  matches: readonly WorkspaceObject[];
  state: DeploymentState;
  places: TargetPlaces;
  target: string;
  /**
   * Whether the id the state records still exists, when it is not among the matches
   * (renamed since, or deleted). undefined when there was nothing to ask.
   */
  stateIdExists?: boolean;
  /** Another deployment of this bundle that records an object's id, by id (objects without a deployment block). */
  recordedElsewhere?: Readonly<Record<string, string>>;
}

const plural = (type: ResourceType): string => type.replaceAll('_', ' ');
const a = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

export function classifyResource(input: ClassifyInput): ResourceVerdict {
  const { resource, state, places } = input;
  const key = stateKey(resource.type, resource.key);
  const stateId = state.entries[key]?.id;
  const metadataId = state.metadataIds[key];
  const matches = input.matches.map((object) => relate(object, { stateId, metadataId, places, elsewhere: input.recordedElsewhere ?? {} }));
  const warnings: string[] = [];
  const what = TYPE_SPECS[resource.type].singular;
  const base = { resource, matches, warnings, ...(stateId ? { stateId } : {}) };

  if (stateId && !matches.some((m) => m.id === stateId) && input.stateIdExists === false) {
    warnings.push(`the deployment state records ${what} ${stateId}, which no longer exists: the next deploy creates the ${what} again`);
  }
  const foreign = matches.filter((m) => m.relation !== 'owned');
  if (foreign.length === 0) {
    if (matches.length > 0) return { ...base, verdict: 'owned', summary: `deployed by this target (${what} ${matches[0]?.id})` };
    if (stateId && input.stateIdExists !== false) {
      return { ...base, verdict: 'owned', summary: `deployed by this target (${what} ${stateId}, to be renamed to "${resource.name}")` };
    }
    return { ...base, verdict: 'new', summary: `no ${what} is named "${resource.name}": the deploy creates it` };
  }
  return { ...base, verdict: 'conflict', summary: conflictSummary(resource, matches, foreign.length), hint: conflictHint(resource, foreign, input.target) };
}

interface Ownership {
  stateId: string | undefined;
  metadataId: string | undefined;
  places: TargetPlaces;
  elsewhere: Readonly<Record<string, string>>;
}

function relate(object: WorkspaceObject, own: Ownership): MatchedObject {
  if (own.stateId !== undefined && object.id === own.stateId) return { ...object, relation: 'owned', why: 'the id this target\'s deployment state records' };
  const lost = 'this target deployed it, but its deployment state does not record it: the deploy would create a second one';
  if (own.metadataId !== undefined && object.id === own.metadataId) return { ...object, relation: 'untracked', why: lost };
  const metadataPath = object.deployment?.kind === 'BUNDLE' ? object.deployment.metadataFilePath : undefined;
  if (metadataPath !== undefined) {
    const root = workspacePath(parentOf(metadataPath));
    if (root === workspacePath(own.places.statePath)) return { ...object, relation: 'untracked', why: lost };
    return { ...object, relation: 'other-bundle', why: `deployed by another bundle deployment (${parentOf(root)})` };
  }
  const other = own.elsewhere[object.id];
  if (other !== undefined) return { ...object, relation: 'other-bundle', why: `recorded by another bundle deployment (${other})` };
  if (object.parentPath !== undefined) {
    const folder = workspacePath(object.parentPath);
    if (folder === workspacePath(own.places.resourcePath)) return { ...object, relation: 'untracked', why: lost };
    if (folder.includes('/.bundle/')) return { ...object, relation: 'other-bundle', why: `deployed by another bundle deployment (${parentOf(folder)})` };
  }
  const by = object.creator ? ` by ${object.creator}` : '';
  return { ...object, relation: 'unmanaged', why: `made outside any bundle${by}` };
}

function conflictSummary(resource: BundleResource, matches: readonly MatchedObject[], foreign: number): string {
  const what = TYPE_SPECS[resource.type].singular;
  const unique = TYPE_SPECS[resource.type].names === 'unique' ? ' (the name is unique: the deploy would fail half-way or take it over)' : '';
  if (matches.length > 1) return `${matches.length} ${plural(resource.type)} are already named "${resource.name}"`;
  const [only] = matches;
  if (only?.relation === 'untracked') return `${a(what)} named "${resource.name}" was deployed by this target but is missing from its deployment state`;
  if (only?.relation === 'other-bundle') return `${a(what)} named "${resource.name}" belongs to another bundle deployment${unique}`;
  return `${foreign === 1 ? a(what) : `${foreign} ${plural(resource.type)}`} named "${resource.name}" ${foreign === 1 ? 'exists' : 'exist'} outside this deployment${unique}`;
}

function conflictHint(resource: BundleResource, foreign: readonly MatchedObject[], target: string): string {
  const untracked = foreign.filter((m) => m.relation === 'untracked');
  if (untracked.length === 1 && foreign.length === 1 && untracked[0]) {
    return `adopt it with: dataops guard -t ${target} --adopt (runs databricks bundle deployment bind ${resource.key} ${untracked[0].id} -t ${target})`;
  }
  const unmanaged = foreign.filter((m) => m.relation === 'unmanaged');
  const adopt = unmanaged.length === 1 && foreign.length === 1 ? `, adopt it with dataops guard -t ${target} --adopt ${resource.type}.${resource.key} if it is meant to be this one` : '';
  return `rename the resource, delete or rename the other ${what(resource.type)}${adopt}, or accept it with --allow ${resource.key} (guard.allow in dataops.yml)`;
}

const what = (type: ResourceType): string => TYPE_SPECS[type].singular;

/** `/Workspace/Users/a` and `/Users/a` name the same place. */
function workspacePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/Workspace/') ? trimmed.slice('/Workspace'.length) : trimmed;
}

function parentOf(path: string): string {
  const index = path.replace(/\/+$/, '').lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}
