// `berth history`: the image's history entries newest first, each with the size of the layer it made.
import type { Store } from '../../store/index.js';
import { ellipsis, formatRows, HISTORY_TABLE, humanSizeWithPrecision, QUIET_FORMAT, timeAgo } from '../format/index.js';
import { rfc3339Seconds } from './time.js';

/** Options of `berth history`, as commander parses them. */
export interface HistoryOptions {
  human?: boolean;
  quiet?: boolean;
  trunc?: boolean;
  format?: string;
}


/** Renders `history` output for one image. */
export async function imageHistory(store: Store, reference: string, options: HistoryOptions): Promise<string> {
  const image = await store.findImage(reference);
  const human = options.human !== false;
  const trunc = options.trunc !== false;
  const layers = image.manifest.layers;
  const history = image.config.history ?? [];
  const sizes: number[] = [];
  for (const layer of layers) sizes.push((await store.layerInfo(layer)).contentSize);
  let layerIndex = 0;
  const rows = history.map((entry) => {
    const size = entry.empty_layer ? 0 : (sizes[layerIndex++] ?? 0);
    const createdBy = entry.created_by ?? '';
    return {
      CreatedAt: human ? (entry.created ? timeAgo(entry.created) : 'N/A') : rfc3339Seconds(entry.created),
      CreatedSince: human ? (entry.created ? timeAgo(entry.created) : 'N/A') : rfc3339Seconds(entry.created),
      CreatedBy: trunc ? ellipsis(createdBy.replace(/\t/g, ' '), 45) : createdBy,
      Size: human ? humanSizeWithPrecision(size, 3) : String(size),
      Comment: entry.comment ?? '',
    };
  }).reverse();
  const withIds = rows.map((row, i) => ({ ...row, ID: i === 0 ? (trunc ? image.id.slice(7, 19) : image.id) : '<missing>' }));
  const format = options.quiet ? QUIET_FORMAT : (options.format ?? (human
    ? HISTORY_TABLE.defaultFormat
    : 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}'));
  return formatRows(format, withIds, HISTORY_TABLE);
}
