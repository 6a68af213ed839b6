/**
 * The typed shape of a bundle configuration (generated from the CLI's bundle schema by
 * scripts/gen-bundle-types.mjs): which fields a type has and what type each one is.
 * A type reference is `string`, `bool`, `int`, `float`, `any`, `enum:<name>`,
 * `map:<ref>`, `slice:<ref>` or the name of a struct.
 */
import table from './bundle-types.json' with { type: 'json' };
import type { Path } from '../dyn/path.js';
import { withoutPrototypes } from '../../own.js';

export type TypeRef = string;

export interface StructType {
  /** Field name → type. */
  f: Record<string, TypeRef>;
  /** Fields without `omitempty`: an empty value is kept and reported as "required". */
  req?: string[];
  /** The Go struct records explicitly set empty values (ForceSendFields): they survive output. */
  fsf?: 1;
  /** Fields declared as pointers: false / 0 / "" survive output, a null struct does not. */
  ptr?: string[];
  /** Fields a resource wrapper declares itself: outside the embedded SDK struct's record of set fields. */
  own?: string[];
}

/** Nested field names; an empty object marks a field (and everything under it). */
export interface FieldTree {
  [name: string]: FieldTree;
}

interface Table {
  root: TypeRef;
  types: Record<string, StructType>;
  enums: Record<string, string[]>;
  /** Per resource group, the fields only the Terraform engine knows. */
  terraformOnly?: Record<string, FieldTree>;
}

// Looked up by field names from users' files: `toString` or `__proto__` must find no field.
const TABLE = withoutPrototypes(table) as Table;

export const ROOT_TYPE: TypeRef = TABLE.root;

export type TypeKind = 'struct' | 'map' | 'slice' | 'string' | 'bool' | 'int' | 'float' | 'any';

/** Every walk of the configuration asks these for each value: answered once per type reference. */
const kinds = new Map<TypeRef, TypeKind>();
const elements = new Map<TypeRef, TypeRef>();

export function kindOf(ref: TypeRef): TypeKind {
  let kind = kinds.get(ref);
  if (kind === undefined) kinds.set(ref, (kind = kindOfRef(ref)));
  return kind;
}

function kindOfRef(ref: TypeRef): TypeKind {
  if (ref === 'string' || ref.startsWith('enum:')) return 'string';
  if (ref === 'bool' || ref === 'int' || ref === 'float' || ref === 'any') return ref;
  if (ref.startsWith('map:')) return 'map';
  if (ref.startsWith('slice:')) return 'slice';
  return TABLE.types[ref] ? 'struct' : 'any';
}

export function structType(ref: TypeRef): StructType | undefined {
  return TABLE.types[ref];
}

/** Element type of a map or slice reference. */
export function elementOf(ref: TypeRef): TypeRef {
  let element = elements.get(ref);
  if (element === undefined) elements.set(ref, (element = ref.slice(ref.indexOf(':') + 1)));
  return element;
}

export function enumValues(ref: TypeRef): readonly string[] | undefined {
  return ref.startsWith('enum:') ? TABLE.enums[ref.slice(5)] : undefined;
}

/** The type one step down: a struct field, a map value, a slice element; undefined when there is none. */
export function childType(ref: TypeRef, part: string | number): TypeRef | undefined {
  switch (kindOf(ref)) {
    case 'struct':
      return typeof part === 'string' ? TABLE.types[ref]?.f[part] : undefined;
    case 'map':
      return typeof part === 'string' ? elementOf(ref) : undefined;
    case 'slice':
      return typeof part === 'number' ? elementOf(ref) : undefined;
    case 'any':
      return 'any';
    default:
      return undefined;
  }
}

/** The type at a path from the root of the configuration. */
export function typeAt(path: Path, from: TypeRef = ROOT_TYPE): TypeRef | undefined {
  let ref: TypeRef | undefined = from;
  for (const part of path) {
    if (ref === undefined) return undefined;
    ref = childType(ref, part);
  }
  return ref;
}

/** Whether `resources.<group>.<key>.<field...>` names a field only the Terraform engine knows. */
export function isTerraformOnlyField(group: string, field: readonly (string | number)[]): boolean {
  let current = TABLE.terraformOnly?.[group];
  if (!current || Object.keys(current).length === 0) return false;
  for (const part of field) {
    if (typeof part === 'number') continue;
    const child: FieldTree | undefined = current[part] ?? current['*'];
    if (!child) return false;
    if (Object.keys(child).length === 0) return true;
    current = child;
  }
  return false;
}
