export type { BuildEvent, ProgressSink, VertexLog } from './events.js';
export { vertex, cachedVertex } from './events.js';
