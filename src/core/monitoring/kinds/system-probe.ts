import os from 'node:os';
import type { MachineSample } from '../../../shared/types/monitoring';
import { passed, since, type ProbeCheck, type ProbeSample } from '../check-result';
import { LinuxMachineReader } from '../machine/linux-machine';
import type { MachineReader, MachineReading, MachineSelection } from '../machine/machine-reader';
import { PortableMachineReader } from '../machine/portable-machine';
import { hasProc } from '../proc-files';

export function createMachineReader(selection: MachineSelection): MachineReader {
  return hasProc ? new LinuxMachineReader(selection) : new PortableMachineReader(selection);
}

/**
 * The machine probe: CPU (total, per core, per mode), load, memory and swap, disks per mount,
 * network per interface. Each collection becomes system_* series and one `machine.sample`.
 */
export function createSystemCheck(reader: MachineReader, onSample: (sample: MachineSample) => void, now: () => number = Date.now): ProbeCheck {
  const host = os.hostname();
  return async () => {
    const started = performance.now();
    const reading = await reader.read();
    onSample(toMachineSample(reading, host, now()));
    return passed(since(started), machineSamples(reading));
  };
}

export function toMachineSample(reading: MachineReading, host: string, at: number): MachineSample {
  const { memory } = reading;
  return {
    at,
    host,
    cpuPercent: reading.cpuPercent,
    cpuCores: reading.cpuCores,
    load: reading.load,
    memory: {
      usedBytes: memory.usedBytes,
      totalBytes: memory.totalBytes,
      percent: memory.totalBytes > 0 ? (100 * memory.usedBytes) / memory.totalBytes : 0,
      swapUsedBytes: memory.swapUsedBytes,
      swapTotalBytes: memory.swapTotalBytes,
    },
    disks: reading.disks,
    network: reading.network,
  };
}

/** The series of the machine (README "Metrics" lists them). */
export function machineSamples(reading: MachineReading): ProbeSample[] {
  const samples: ProbeSample[] = [];
  const add = (name: string, value: number, labels?: Record<string, string>): void => {
    samples.push(labels === undefined ? { name, value } : { name, value, labels });
  };
  if (reading.cpuPercent !== null) {
    add('system_cpu_usage_percent', reading.cpuPercent);
    reading.cpuCores.forEach((value, cpu) => add('system_cpu_core_usage_percent', value, { cpu: String(cpu) }));
    for (const [mode, value] of Object.entries(reading.cpuModes)) add('system_cpu_mode_percent', value, { mode });
  }
  add('system_load1', reading.load[0]);
  add('system_load5', reading.load[1]);
  add('system_load15', reading.load[2]);
  const { memory } = reading;
  add('system_memory_total_bytes', memory.totalBytes);
  add('system_memory_used_bytes', memory.usedBytes);
  add('system_memory_available_bytes', memory.availableBytes);
  if (memory.totalBytes > 0) add('system_memory_usage_percent', (100 * memory.usedBytes) / memory.totalBytes);
  add('system_swap_total_bytes', memory.swapTotalBytes);
  add('system_swap_used_bytes', memory.swapUsedBytes);
  for (const disk of reading.disks) {
    const labels = { mountpoint: disk.mountpoint };
    add('system_disk_used_percent', disk.usedPercent, labels);
    add('system_disk_free_percent', 100 - disk.usedPercent, labels);
    add('system_disk_free_bytes', disk.freeBytes, labels);
    add('system_disk_total_bytes', disk.totalBytes, labels);
    if (disk.inodesUsedPercent !== null) add('system_disk_inodes_used_percent', disk.inodesUsedPercent, labels);
  }
  for (const link of reading.network) {
    const labels = { interface: link.interface };
    add('system_network_receive_bytes_per_second', link.receiveBytesPerSecond, labels);
    add('system_network_transmit_bytes_per_second', link.transmitBytesPerSecond, labels);
    add('system_network_errors_per_second', link.errorsPerSecond, labels);
  }
  return samples;
}
