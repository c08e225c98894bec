export * from './bus';
export * from './cluster';
export * from './metrics';
export * from './random';
export * from './servers';
export * from './trace';
export * from './virtual-clock';
