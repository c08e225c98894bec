export * from './client';
export * from './errors';
export * from './protocol';
export * from './stream';
export * from './transport';
