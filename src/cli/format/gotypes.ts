/**
 * Go type descriptions of docker's inspect structs, applied to our JSON-shaped objects so the
 * typed template view prints like docker's (`{{.Config.Cmd}}` of null → `[]`, `{{.Config}}` shows
 * every field, `{{.Config.Healthcheck}}` → `<nil>`), while `json` still gives docker's JSON.
 */
import { GoDuration, GoTime, goMap, goNil, goStruct, withMapType, type MapType } from './template/values.js';

/**
 * A Go type: scalars, slices, maps (`set` = map[string]struct{}, `portset` = nat.PortSet whose
 * keys are nat.Port), time.Duration (nanoseconds), pointer-to-struct, struct, time.
 */
export type GoType = 'string' | 'bool' | 'int' | 'duration' | 'slice' | 'map' | 'set' | 'portset' | 'any' | 'time' | StructType | { ptr: StructType };

/** A struct: Go type name and fields in declaration order (`omitempty` as docker's json tags say). */
export interface StructType {
  struct: string;
  fields: ([string, GoType] | [string, GoType, 'omitempty'])[];
}

const healthConfig: StructType = { struct: 'container.HealthConfig', fields: [['Test', 'slice', 'omitempty'], ['Interval', 'duration', 'omitempty'], ['Timeout', 'duration', 'omitempty'], ['StartPeriod', 'duration', 'omitempty'], ['Retries', 'int', 'omitempty']] };

/** docker's container.Config (api/types/container), field order as declared. */
const containerConfig: StructType = {
  struct: 'container.Config',
  fields: [
    ['Hostname', 'string'], ['Domainname', 'string'], ['User', 'string'], ['AttachStdin', 'bool'], ['AttachStdout', 'bool'], ['AttachStderr', 'bool'],
    ['ExposedPorts', 'portset', 'omitempty'], ['Tty', 'bool'], ['OpenStdin', 'bool'], ['StdinOnce', 'bool'], ['Env', 'slice'], ['Cmd', 'slice'],
    ['Healthcheck', { ptr: healthConfig }, 'omitempty'], ['ArgsEscaped', 'bool', 'omitempty'], ['Image', 'string'], ['Volumes', 'set'], ['WorkingDir', 'string'],
    ['Entrypoint', 'slice'], ['NetworkDisabled', 'bool', 'omitempty'], ['MacAddress', 'string', 'omitempty'], ['OnBuild', 'slice'], ['Labels', 'map'],
    ['StopSignal', 'string', 'omitempty'], ['StopTimeout', { ptr: { struct: 'int', fields: [] } }, 'omitempty'], ['Shell', 'slice', 'omitempty'],
  ],
};

/** docker's types.ImageInspect (20.10), field order as declared. */
export const IMAGE_INSPECT_TYPE: StructType = {
  struct: 'types.ImageInspect',
  fields: [
    ['Id', 'string'], ['RepoTags', 'slice'], ['RepoDigests', 'slice'], ['Parent', 'string'], ['Comment', 'string'], ['Created', 'string'],
    ['Container', 'string'], ['ContainerConfig', { ptr: containerConfig }], ['DockerVersion', 'string'], ['Author', 'string'],
    ['Config', { ptr: containerConfig }], ['Architecture', 'string'], ['Variant', 'string', 'omitempty'], ['Os', 'string'], ['OsVersion', 'string', 'omitempty'],
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
  if ('ptr' in type) {
    if (value === null || value === undefined) return goNil('pointer');
    if (type.ptr.fields.length === 0) return value;
    return applyGoType(value, { ...type.ptr, struct: `*${type.ptr.struct}` });
  }
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, fieldType] of type.fields) out[name] = applyGoType(source[name], fieldType);
  for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
  const omitEmpty = type.fields.filter((f) => f.length === 3).map(([name]) => name);
  return goStruct(out, type.struct, omitEmpty);
}
