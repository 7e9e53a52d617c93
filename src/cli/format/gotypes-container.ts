/** docker's types.ContainerJSON (20.10) as a Go type description, for `inspect` of containers. */
import { CONTAINER_CONFIG_TYPE, type GoType, type StructType } from './gotypes.js';

const stringMap: GoType = { map: 'string', mapType: { typeName: 'map[string]string', elemZero: '' } };
const portBinding: StructType = { struct: 'nat.PortBinding', fields: [['HostIp', 'string', { go: 'HostIP' }], ['HostPort', 'string']] };
const portMap: GoType = { map: { slice: portBinding }, mapType: { typeName: 'nat.PortMap', keyType: 'nat.Port' } };
const ptr = (struct: string, fields: StructType['fields']): GoType => ({ ptr: { struct, fields } });
/** A pointer to a scalar (*int64, *bool…): nil prints `<nil>`. */
const scalarPtr = (name: string): GoType => ptr(name, []);

const health: GoType = ptr('types.Health', [['Status', 'string'], ['FailingStreak', 'int'], ['Log', 'slice']]);

const state = ptr('types.ContainerState', [
  ['Status', 'string'], ['Running', 'bool'], ['Paused', 'bool'], ['Restarting', 'bool'], ['OOMKilled', 'bool'], ['Dead', 'bool'],
  ['Pid', 'int'], ['ExitCode', 'int'], ['Error', 'string'], ['StartedAt', 'string'], ['FinishedAt', 'string'], ['Health', health, 'omitempty'],
]);

const hostConfig = ptr('container.HostConfig', [
  ['Binds', 'slice'], ['ContainerIDFile', 'string'], ['LogConfig', { struct: 'container.LogConfig', fields: [['Type', 'string'], ['Config', stringMap]] }],
  ['NetworkMode', 'string'], ['PortBindings', portMap], ['RestartPolicy', { struct: 'container.RestartPolicy', fields: [['Name', 'string'], ['MaximumRetryCount', 'int']] }],
  ['AutoRemove', 'bool'], ['VolumeDriver', 'string'], ['VolumesFrom', 'slice'], ['CapAdd', 'strslice'], ['CapDrop', 'strslice'], ['CgroupnsMode', 'string'],
  ['Dns', 'slice', { go: 'DNS' }], ['DnsOptions', 'slice', { go: 'DNSOptions' }], ['DnsSearch', 'slice', { go: 'DNSSearch' }], ['ExtraHosts', 'slice'], ['GroupAdd', 'slice'], ['IpcMode', 'string'], ['Cgroup', 'string'],
  ['Links', 'slice'], ['OomScoreAdj', 'int'], ['PidMode', 'string'], ['Privileged', 'bool'], ['PublishAllPorts', 'bool'], ['ReadonlyRootfs', 'bool'],
  ['SecurityOpt', 'slice'], ['StorageOpt', stringMap, 'omitempty'], ['Tmpfs', stringMap, 'omitempty'], ['UTSMode', 'string'], ['UsernsMode', 'string'],
  ['ShmSize', 'int'], ['Sysctls', stringMap, 'omitempty'], ['Runtime', 'string', 'omitempty'], ['ConsoleSize', 'slice'], ['Isolation', 'string'],
  ['CpuShares', 'int', { go: 'CPUShares' }], ['Memory', 'int'], ['NanoCpus', 'int', { go: 'NanoCPUs' }], ['CgroupParent', 'string'], ['BlkioWeight', 'int'], ['BlkioWeightDevice', 'slice'],
  ['BlkioDeviceReadBps', 'slice'], ['BlkioDeviceWriteBps', 'slice'], ['BlkioDeviceReadIOps', 'slice'], ['BlkioDeviceWriteIOps', 'slice'],
  ['CpuPeriod', 'int', { go: 'CPUPeriod' }], ['CpuQuota', 'int', { go: 'CPUQuota' }], ['CpuRealtimePeriod', 'int', { go: 'CPURealtimePeriod' }], ['CpuRealtimeRuntime', 'int', { go: 'CPURealtimeRuntime' }], ['CpusetCpus', 'string'], ['CpusetMems', 'string'],
  ['Devices', 'slice'], ['DeviceCgroupRules', 'slice'], ['DeviceRequests', 'slice'], ['KernelMemory', 'int'], ['KernelMemoryTCP', 'int'],
  ['MemoryReservation', 'int'], ['MemorySwap', 'int'], ['MemorySwappiness', scalarPtr('*int64')], ['OomKillDisable', scalarPtr('*bool')], ['PidsLimit', scalarPtr('*int64')], ['Ulimits', 'slice'],
  ['CpuCount', 'int', { go: 'CPUCount' }], ['CpuPercent', 'int', { go: 'CPUPercent' }], ['IOMaximumIOps', 'int'], ['IOMaximumBandwidth', 'int'], ['Mounts', 'slice', 'omitempty'],
  ['MaskedPaths', 'slice'], ['ReadonlyPaths', 'slice'], ['Init', scalarPtr('*bool'), 'omitempty'],
]);

const mountPoint: StructType = {
  struct: 'types.MountPoint',
  fields: [['Type', 'string', 'omitempty'], ['Name', 'string', 'omitempty'], ['Source', 'string'], ['Destination', 'string'], ['Driver', 'string', 'omitempty'], ['Mode', 'string'], ['RW', 'bool'], ['Propagation', 'string']],
};

const endpointSettings = ptr('network.EndpointSettings', [
  ['IPAMConfig', scalarPtr('*network.EndpointIPAMConfig')], ['Links', 'slice'], ['Aliases', 'slice'], ['NetworkID', 'string'], ['EndpointID', 'string'], ['Gateway', 'string'],
  ['IPAddress', 'string'], ['IPPrefixLen', 'int'], ['IPv6Gateway', 'string'], ['GlobalIPv6Address', 'string'], ['GlobalIPv6PrefixLen', 'int'],
  ['MacAddress', 'string'], ['DriverOpts', stringMap],
]);

const networkSettings = ptr('types.NetworkSettings', [
  ['Bridge', 'string'], ['SandboxID', 'string'], ['HairpinMode', 'bool'], ['LinkLocalIPv6Address', 'string'], ['LinkLocalIPv6PrefixLen', 'int'],
  ['Ports', portMap], ['SandboxKey', 'string'], ['SecondaryIPAddresses', 'slice'], ['SecondaryIPv6Addresses', 'slice'], ['EndpointID', 'string'],
  ['Gateway', 'string'], ['GlobalIPv6Address', 'string'], ['GlobalIPv6PrefixLen', 'int'], ['IPAddress', 'string'], ['IPPrefixLen', 'int'],
  ['IPv6Gateway', 'string'], ['MacAddress', 'string'], ['Networks', { map: endpointSettings, mapType: { typeName: 'map[string]*network.EndpointSettings' } }],
]);

/** docker's types.ContainerJSON (20.10), field order as declared (ContainerJSONBase's fields first). */
export const CONTAINER_INSPECT_TYPE: StructType = {
  struct: 'types.ContainerJSON',
  fields: [
    ['Id', 'string'], ['Created', 'string'], ['Path', 'string'], ['Args', 'slice'], ['State', state], ['Image', 'string'], ['ResolvConfPath', 'string'],
    ['HostnamePath', 'string'], ['HostsPath', 'string'], ['LogPath', 'string'], ['Node', scalarPtr('*types.ContainerNode'), 'omitempty'], ['Name', 'string'], ['RestartCount', 'int'],
    ['Driver', 'string'], ['Platform', 'string'], ['MountLabel', 'string'], ['ProcessLabel', 'string'], ['AppArmorProfile', 'string'], ['ExecIDs', 'slice'],
    ['HostConfig', hostConfig], ['GraphDriver', { struct: 'types.GraphDriverData', fields: [['Data', stringMap], ['Name', 'string']] }],
    ['SizeRw', scalarPtr('*int64'), 'omitempty'], ['SizeRootFs', scalarPtr('*int64'), 'omitempty'], ['Mounts', { slice: mountPoint }], ['Config', { ptr: CONTAINER_CONFIG_TYPE }],
    ['NetworkSettings', networkSettings],
  ],
};
