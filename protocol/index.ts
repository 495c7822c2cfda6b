export * from './ids';
export * from './params';
export * from './verdict';
export * from './run-result';
export * from './steps';
export * from './socket';
export * from './socket-dom0';
export * from './check-catalog';
