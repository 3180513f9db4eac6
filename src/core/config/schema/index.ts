export * from './analysis';
export * from './alerting';
export * from './logs';
export * from './primitives';
export * from './probe';
export * from './service';
export * from './workspace';
export * from './tmux';
