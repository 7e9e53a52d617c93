/**
 * Go type descriptions of docker's inspect structs, applied to our JSON-shaped objects so the
 * typed template view prints like docker's (`{{.Config.Cmd}}` of null → `[]`, `{{.Config}}` shows
 * every field, `{{.Config.Healthcheck}}` → `<nil>`), while `json` still gives docker's JSON.
 */
import { GoDuration, GoTime, goMap, goNil, goStruct, withMapType, withTypeName, type MapType } from './template/values.js';

/**
 * A Go type: scalars, slices (`slice` of anything, `strslice` = strslice.StrSlice, or `{ slice: T }`), maps (`map` =
 * map[string]string, `set` = map[string]struct{}, `portset` = nat.PortSet whose keys are
 * nat.Port, or `{ map: T, mapType }`), time.Duration (nanoseconds), pointer-to-struct, struct, time.
 */
export type GoType =
  | 'string' | 'bool' | 'int' | 'duration' | 'slice' | 'strslice' | 'map' | 'set' | 'portset' | 'any' | 'time'
  | StructType | { ptr: StructType } | { slice: GoType } | { map: GoType; mapType: MapType };

/**
 * A struct: Go type name and fields in declaration order, each `[jsonName, type, tag?]`; the tag
 * says `omitempty` and/or the Go field name when it differs from the JSON one (`{ go: 'DNS' }`
 * for `"Dns"`: templates must then say `.DNS`, as with docker's typed view).
 */
export interface StructType {
  struct: string;
  fields: ([string, GoType] | [string, GoType, FieldTag])[];
}

/** A field's json tag details. */
export type FieldTag = 'omitempty' | { omitempty?: boolean; go: string };

const healthConfig: StructType = { struct: 'container.HealthConfig', fields: [['Test', 'slice', 'omitempty'], ['Interval', 'duration', 'omitempty'], ['Timeout', 'duration', 'omitempty'], ['StartPeriod', 'duration', 'omitempty'], ['Retries', 'int', 'omitempty']] };

/** docker's container.Config (api/types/container), field order as declared. */
export const CONTAINER_CONFIG_TYPE: StructType = {
  struct: 'container.Config',
  fields: [
    ['Hostname', 'string'], ['Domainname', 'string'], ['User', 'string'], ['AttachStdin', 'bool'], ['AttachStdout', 'bool'], ['AttachStderr', 'bool'],
    ['ExposedPorts', 'portset', 'omitempty'], ['Tty', 'bool'], ['OpenStdin', 'bool'], ['StdinOnce', 'bool'], ['Env', 'slice'], ['Cmd', 'strslice'],
    ['Healthcheck', { ptr: healthConfig }, 'omitempty'], ['ArgsEscaped', 'bool', 'omitempty'], ['Image', 'string'], ['Volumes', 'set'], ['WorkingDir', 'string'],
    ['Entrypoint', 'strslice'], ['NetworkDisabled', 'bool', 'omitempty'], ['MacAddress', 'string', 'omitempty'], ['OnBuild', 'slice'], ['Labels', 'map'],
    ['StopSignal', 'string', 'omitempty'], ['StopTimeout', { ptr: { struct: 'int', fields: [] } }, 'omitempty'], ['Shell', 'strslice', 'omitempty'],
  ],
};

/** docker's types.ImageInspect (20.10), field order as declared. */
export const IMAGE_INSPECT_TYPE: StructType = {
  struct: 'types.ImageInspect',
  fields: [
    ['Id', 'string'], ['RepoTags', 'slice'], ['RepoDigests', 'slice'], ['Parent', 'string'], ['Comment', 'string'], ['Created', 'string'],
    ['Container', 'string'], ['ContainerConfig', { ptr: CONTAINER_CONFIG_TYPE }], ['DockerVersion', 'string'], ['Author', 'string'],
    ['Config', { ptr: CONTAINER_CONFIG_TYPE }], ['Architecture', 'string'], ['Variant', 'string', 'omitempty'], ['Os', 'string'], ['OsVersion', 'string', 'omitempty'],
    ['Size', 'int'], ['VirtualSize', 'int'],
    ['GraphDriver', { struct: 'types.GraphDriverData', fields: [['Data', 'map'], ['Name', 'string']] }],
    ['RootFS', { struct: 'types.RootFS', fields: [['Type', 'string'], ['Layers', 'slice'], ['BaseLayer', 'string', 'omitempty']] }],
    ['Metadata', { struct: 'types.ImageMetadata', fields: [['LastTagTime', 'time']] }],
  ],
};

const ZERO: Record<string, unknown> = { string: '', bool: false, int: 0 };

const emptyStruct = (): object => goStruct({}, 'struct {}');

/** docker's map types: map[string]string (labels, driver data), map[string]struct{} (volumes), nat.PortSet. */
const MAP_TYPES: Record<'map' | 'set' | 'portset', MapType> = {
  map: { typeName: 'map[string]string', elemZero: '' },
  set: { typeName: 'map[string]struct {}', elemZero: emptyStruct() },
  portset: { typeName: 'nat.PortSet', keyType: 'nat.Port', elemZero: emptyStruct() },
};

/**
 * A copy of `value` typed as `type`: absent fields get Go's zero values, nulls become typed nils,
 * structs and maps are marked, fields not in the description are kept after the known ones.
 */
export function applyGoType(value: unknown, type: GoType): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'slice':
        return Array.isArray(value) ? value : goNil('slice');
      case 'strslice':
        return withTypeName(Array.isArray(value) ? [...value] : goNil('slice'), 'strslice.StrSlice');
      case 'map':
      case 'set':
      case 'portset': {
        const mapType = MAP_TYPES[type];
        if (value === null || value === undefined || typeof value !== 'object') return withMapType(goNil('map'), mapType);
        const entries = Object.entries(value).map(([k, v]) => [k, type === 'map' ? v : emptyStruct()]);
        return goMap(Object.fromEntries(entries), mapType);
      }
      case 'time':
        return new GoTime(typeof value === 'string' ? value : '0001-01-01T00:00:00Z');
      case 'duration':
        return new GoDuration(typeof value === 'number' ? value : 0);
      case 'any':
        return value;
      default:
        return value ?? ZERO[type];
    }
  }
  if ('slice' in type) return Array.isArray(value) ? value.map((v) => applyGoType(v, type.slice)) : goNil('slice');
  if ('map' in type) {
    if (value === null || value === undefined || typeof value !== 'object') return withMapType(goNil('map'), type.mapType);
    return goMap(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, applyGoType(v, type.map)])), type.mapType);
  }
  if ('ptr' in type) {
    if (value === null || value === undefined) return goNil('pointer');
    if (type.ptr.fields.length === 0) return value;
    return applyGoType(value, { ...type.ptr, struct: `*${type.ptr.struct}` });
  }
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const omitEmpty: string[] = [];
  const jsonNames: Record<string, string> = {};
  for (const [name, fieldType, tag] of type.fields) {
    const goName = typeof tag === 'object' ? tag.go : name;
    out[goName] = applyGoType(source[name], fieldType);
    if (goName !== name) jsonNames[goName] = name;
    if (tag === 'omitempty' || (typeof tag === 'object' && tag.omitempty)) omitEmpty.push(goName);
  }
  const known = new Set(type.fields.map(([name]) => name));
  for (const [k, v] of Object.entries(source)) if (!known.has(k) && !(k in out)) out[k] = v;
  return goStruct(out, type.struct, omitEmpty, jsonNames);
}
