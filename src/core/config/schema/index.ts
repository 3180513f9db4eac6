export * from './alerting';
export * from './primitives';
export * from './probe';
export * from './service';
export * from './workspace';
export * from './tmux';
