/**
 * Output formatting shared by the CLI commands, exactly like docker's CLI:
 * Go text/template `--format` (docker's function set), `table` formats aligned like Go's
 * tabwriter, `--format json`, inspect's template fallback, and go-units sizes and durations.
 *
 * Data model: a template's data is plain JS values whose keys are docker's Go field names
 * (`Id`, `RepoTags`, `Config.Labels`…). Objects whose keys all look like exported Go field
 * names behave as structs (field order kept, unknown field → docker's "can't evaluate field"
 * error); other objects behave as Go maps (keys sorted when printed or ranged over, missing
 * key → `<no value>`). Use `goMap` / `goStruct` / `goNil` where that guess is wrong. A function-valued
 * property is a method: `{{.Label "k"}}` calls it with the arguments.
 */

// ---- Go text/template engine -------------------------------------------------------------
export { parseTemplate, executeTemplate, renderTemplate } from './template/template.js';
export type { Template, ParseOptions, ExecuteOptions, TemplateFunc } from './template/template.js';
export { goMap, goStruct, goNil, goSprint } from './template/values.js';
export type { GoNilKind, MapType } from './template/values.js';
export { goSprintf } from './template/printf.js';
export { goJson } from './template/json.js';

// ---- docker's formatter: table / json / raw templates over rows ---------------------------
export { formatRows, checkRowsFormat } from './rows.js';
export { formatFieldRows, isTableFormat, isJsonFormat } from './field-rows.js';
export type { FormatRowsOptions } from './rows.js';
export { IMAGES_TABLE, IMAGES_DIGESTS_FORMAT, PS_TABLE, PS_SIZE_FORMAT, HISTORY_TABLE, QUIET_FORMAT } from './tables.js';
export { formatInspect } from './inspect.js';
export type { InspectKind, InspectOptions, InspectResult } from './inspect.js';
export { IMAGE_INSPECT_TYPE, CONTAINER_CONFIG_TYPE } from './gotypes.js';
export { CONTAINER_INSPECT_TYPE } from './gotypes-container.js';
export type { GoType, StructType, FieldTag } from './gotypes.js';
export { alignTabs } from './tabwriter.js';
export type { TabWriterOptions } from './tabwriter.js';

// ---- docker/go-units and docker's id/text shortening ---------------------------------------
export { humanSize, humanSizeWithPrecision, bytesSize, humanDuration, timeAgo, truncateId, ellipsis } from './units.js';
