// Instructions with plain word arguments: USER, WORKDIR, STOPSIGNAL, MAINTAINER, EXPOSE, VOLUME.
import type { ExposeInstruction, MaintainerInstruction, StopsignalInstruction, UserInstruction, VolumeInstruction, WorkdirInstruction } from '../types.js';
import type { InstructionRequest } from './request.js';

/** USER name[:group]. */
export function parseUser(req: InstructionRequest): UserInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'USER', user: req.exactlyOne() };
}

/** WORKDIR path. */
export function parseWorkdir(req: InstructionRequest): WorkdirInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'WORKDIR', path: req.exactlyOne() };
}

/** STOPSIGNAL signal. */
export function parseStopsignal(req: InstructionRequest): StopsignalInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'STOPSIGNAL', signal: req.exactlyOne() };
}

/** MAINTAINER name (deprecated; the MaintainerDeprecated check flags it). */
export function parseMaintainer(req: InstructionRequest): MaintainerInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'MAINTAINER', maintainer: req.exactlyOne() };
}

/** EXPOSE port[/proto]… */
export function parseExpose(req: InstructionRequest): ExposeInstruction {
  req.flags();
  return { node: req.node, location: req.location, kind: 'EXPOSE', ports: req.atLeastOne() };
}

/** VOLUME path… or VOLUME ["path", …]. */
export function parseVolume(req: InstructionRequest): VolumeInstruction {
  req.flags();
  const paths = req.atLeastOne().map((v) => v.trim());
  if (paths.some((p) => p === '')) req.failArgs('VOLUME specified can not be an empty string');
  return { node: req.node, location: req.location, kind: 'VOLUME', paths };
}
